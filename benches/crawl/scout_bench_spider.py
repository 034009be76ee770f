"""Scrapy's side of `scout bench crawl`: fetch and parse the pages Scout's crawler fetched.

`scout bench crawl` serves the simulated web on loopback, crawls it with `scout crawl`, then
hands this spider the list of URLs that crawl requested (from the simulated web's request log,
robots.txt left out: Scrapy fetches those itself). The spider requests each URL with the same
limits as Scout (global and per-host concurrency; one download slot per `host:port`, since every
simulated host is 127.0.0.1 on its own port), obeys robots.txt, runs without AutoThrottle or
download delays, parses every response the way Scout's extractors do (JSON for the Mastodon
REST API and Bluesky XRPC, Atom XML for channel feeds, HTML with JSON-LD, microdata, OpenGraph,
rel=me and links for pages) and writes one item per creator, post and audience sample to a JSON
Lines feed (Scout writes the same into SQLite).

Scrapy gets the URL list up front, so it never waits on one response to learn the next URL:
an advantage over a spider that discovers the links itself, which makes the ratio conservative.

Run by `scout bench crawl`:
    scrapy runspider scout_bench_spider.py -a urls=URLS.txt -a stats=STATS.json \
        -s CONCURRENT_REQUESTS=32 -s CONCURRENT_REQUESTS_PER_DOMAIN=8
"""

import json
import time
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from w3lib.html import remove_tags

ATOM = {
    "atom": "http://www.w3.org/2005/Atom",
    "yt": "http://www.youtube.com/xml/schemas/2015",
    "media": "http://search.yahoo.com/mrss/",
}


class ScoutBenchSpider(scrapy.Spider):
    """Fetches every URL of a list and parses it by its content type."""

    name = "scout_bench"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "ScrapyBench/1.0 (+https://github.com/scout-oss/scout)",
    }

    def __init__(self, urls, stats, **kwargs):
        super().__init__(**kwargs)
        with open(urls, encoding="utf-8") as handle:
            self.urls = [line.strip() for line in handle if line.strip()]
        self.stats_path = stats
        self.started = None
        self.responses = 0
        self.items = 0
        self.parse_errors = 0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    def on_opened(self, spider):
        self.started = time.monotonic()

    def on_closed(self, spider, reason):
        elapsed = time.monotonic() - (self.started or time.monotonic())
        with open(self.stats_path, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "urls": len(self.urls),
                    "responses": self.responses,
                    "items": self.items,
                    "parse_errors": self.parse_errors,
                    "seconds": elapsed,
                    "reason": reason,
                },
                handle,
            )

    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for url in self.urls:
            # One download slot per host:port, as Scout keys its per-host limit.
            yield scrapy.Request(url, meta={"download_slot": urlsplit(url).netloc})

    def parse(self, response):
        self.responses += 1
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        try:
            if "json" in content_type:
                items = list(parse_json(json.loads(response.body), response.url))
            elif "html" in content_type:
                items = list(parse_html(response))
            elif "xml" in content_type:
                items = list(parse_feed(response))
            else:
                items = []
        except ValueError:
            self.parse_errors += 1
            items = []
        self.items += len(items)
        yield from items


def text(html):
    """Plain text of an HTML fragment (Mastodon `note` and `content`)."""
    return remove_tags(html or "").strip()


def mastodon_account(account, url):
    return {
        "kind": "creator",
        "source": url,
        "platform": "mastodon",
        "handle": account.get("acct"),
        "name": account.get("display_name"),
        "bio": text(account.get("note")),
        "followers": account.get("followers_count"),
        "following": account.get("following_count"),
        "posts": account.get("statuses_count"),
        "created_at": account.get("created_at"),
        "links": [field.get("value") for field in account.get("fields") or []],
        "bot": account.get("bot"),
        "discoverable": account.get("discoverable"),
    }


def mastodon_status(status, url):
    return {
        "kind": "post",
        "source": url,
        "id": status.get("id"),
        "url": status.get("url"),
        "published_at": status.get("created_at"),
        "text": text(status.get("content")),
        "language": status.get("language"),
        "comments": status.get("replies_count"),
        "shares": status.get("reblogs_count"),
        "likes": status.get("favourites_count"),
        "hashtags": [tag.get("name") for tag in status.get("tags") or []],
    }


def bluesky_profile(profile, url):
    return {
        "kind": "creator",
        "source": url,
        "platform": "bluesky",
        "handle": profile.get("handle"),
        "did": profile.get("did"),
        "name": profile.get("displayName"),
        "bio": profile.get("description"),
        "followers": profile.get("followersCount"),
        "following": profile.get("followsCount"),
        "posts": profile.get("postsCount"),
        "created_at": profile.get("createdAt"),
    }


def bluesky_post(post, url):
    record = post.get("record") or {}
    return {
        "kind": "post",
        "source": url,
        "uri": post.get("uri"),
        "author": (post.get("author") or {}).get("handle"),
        "text": record.get("text"),
        "published_at": record.get("createdAt"),
        "languages": record.get("langs"),
        "facets": len(record.get("facets") or []),
        "comments": post.get("replyCount"),
        "shares": post.get("repostCount"),
        "likes": post.get("likeCount"),
        "quotes": post.get("quoteCount"),
    }


def bluesky_replies(thread, url):
    for reply in thread.get("replies") or []:
        post = reply.get("post") or {}
        author = post.get("author") or {}
        yield {"kind": "audience", "source": url, **bluesky_profile(author, url)}
        yield from bluesky_replies(reply, url)


def parse_json(data, url):
    """Items of a Mastodon REST or Bluesky XRPC answer."""
    if isinstance(data, list):
        for entry in data:
            if not isinstance(entry, dict):
                continue
            if "acct" in entry:
                yield mastodon_account(entry, url)
            elif "content" in entry:
                yield mastodon_status(entry, url)
        return
    if not isinstance(data, dict):
        return
    if "acct" in data:
        yield mastodon_account(data, url)
    elif "descendants" in data:
        for reply in data.get("descendants") or []:
            account = reply.get("account") or {}
            yield {"kind": "audience", **mastodon_account(account, url)}
    elif "uri" in data and "title" in data:
        yield {"kind": "instance", "source": url, "domain": data.get("uri")}
    elif "feed" in data:
        for entry in data.get("feed") or []:
            yield bluesky_post(entry.get("post") or {}, url)
    elif "thread" in data:
        yield from bluesky_replies(data.get("thread") or {}, url)
    elif "actors" in data:
        for actor in data.get("actors") or []:
            yield bluesky_profile(actor, url)
    elif "did" in data and "handle" in data:
        yield bluesky_profile(data, url)


def parse_feed(response):
    """Items of a YouTube-style channel Atom feed."""
    feed = response.selector
    yield {
        "kind": "channel",
        "source": response.url,
        "channel_id": feed.xpath("/atom:feed/yt:channelId/text()", namespaces=ATOM).get(),
        "title": feed.xpath("/atom:feed/atom:title/text()", namespaces=ATOM).get(),
    }
    for entry in feed.xpath("/atom:feed/atom:entry", namespaces=ATOM):
        yield {
            "kind": "post",
            "source": response.url,
            "video_id": entry.xpath("yt:videoId/text()", namespaces=ATOM).get(),
            "published_at": entry.xpath("atom:published/text()", namespaces=ATOM).get(),
            "title": entry.xpath("media:group/media:title/text()", namespaces=ATOM).get(),
            "text": entry.xpath(
                "media:group/media:description/text()", namespaces=ATOM
            ).get(),
            "likes": entry.xpath(
                "media:group/media:community/media:starRating/@count", namespaces=ATOM
            ).get(),
            "views": entry.xpath(
                "media:group/media:community/media:statistics/@views", namespaces=ATOM
            ).get(),
        }


def parse_html(response):
    """Items of an HTML page: JSON-LD, microdata, OpenGraph, rel=me and links."""
    page = {
        "kind": "page",
        "source": response.url,
        "title": response.css("title::text").get(),
        "canonical": response.css('link[rel="canonical"]::attr(href)').get(),
        "opengraph": {
            meta.attrib.get("property"): meta.attrib.get("content")
            for meta in response.css('meta[property^="og:"]')
        },
        "meta": {
            meta.attrib.get("name") or meta.attrib.get("itemprop"): meta.attrib.get("content")
            for meta in response.css("meta[name], meta[itemprop]")
        },
        "rel_me": response.css('a[rel~="me"]::attr(href), link[rel~="me"]::attr(href)').getall(),
        "feed": response.css('link[rel="alternate"]::attr(href)').get(),
        "links": [response.urljoin(href) for href in response.css("a::attr(href)").getall()],
        "microdata": [
            {
                prop.attrib.get("itemprop"): prop.attrib.get("content") or prop.css("::text").get()
                for prop in scope.css("[itemprop]")
            }
            for scope in response.css("[itemscope]")
        ],
    }
    yield page
    for script in response.css('script[type="application/ld+json"]::text').getall():
        data = json.loads(script)
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict):
                yield {"kind": "jsonld", "source": response.url, "node": node}
