//! `scout-crawler`: fetching, robots, politeness, crawl state and source adapters.
