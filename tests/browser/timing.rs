//! Navigation timing of every page the browser tests load, printed as a table (run with
//! `-- --nocapture` to see it). Figures only: page speed is measured here, never asserted.

use std::sync::Mutex;

use serde_json::Value;

/// One page load as `performance.getEntriesByType('navigation')[0]` saw it (milliseconds from
/// the start of the navigation).
#[derive(Debug, Clone)]
pub struct Visit {
    /// Path and query.
    pub page: String,
    pub response_end: f64,
    pub dom_content_loaded: f64,
    pub load_event_end: f64,
}

impl Visit {
    pub fn from_json(timing: &Value) -> Option<Visit> {
        Some(Visit {
            page: timing["page"].as_str()?.to_string(),
            response_end: timing["response_end"].as_f64()?,
            dom_content_loaded: timing["dom_content_loaded"].as_f64()?,
            load_event_end: timing["load_event_end"].as_f64()?,
        })
    }
}

/// Every visit of the tests finished so far, with their test's name.
static VISITS: Mutex<Vec<(&'static str, Visit)>> = Mutex::new(Vec::new());

/// Records a finished test's visits and prints them; once every browser test has finished,
/// prints the summary of all of them by page kind.
pub fn finish(test: &'static str, visits: Vec<Visit>) {
    println!("{}", table(&format!("page timings of {test}"), &visits));
    let mut all = VISITS.lock().unwrap();
    all.extend(visits.into_iter().map(|visit| (test, visit)));
    let finished: std::collections::BTreeSet<&str> = all.iter().map(|(test, _)| *test).collect();
    if super::TESTS.iter().all(|test| finished.contains(test)) {
        println!("{}", summary(&all));
    }
}

fn table(title: &str, visits: &[Visit]) -> String {
    let mut out = format!(
        "{title}\n{:<64} {:>12} {:>12} {:>12}\n",
        "page", "responseEnd", "DOMContent", "loadEnd"
    );
    for visit in visits {
        out.push_str(&format!(
            "{:<64} {:>10.1}ms {:>10.1}ms {:>10.1}ms\n",
            shorten(&visit.page, 64),
            visit.response_end,
            visit.dom_content_loaded,
            visit.load_event_end
        ));
    }
    out
}

/// Per kind of page (the path with ids and queries taken out): loads, median and slowest
/// `loadEventEnd`, median `responseEnd`.
fn summary(all: &[(&'static str, Visit)]) -> String {
    let mut kinds: std::collections::BTreeMap<String, Vec<&Visit>> = Default::default();
    for (_, visit) in all {
        kinds.entry(page_kind(&visit.page)).or_default().push(visit);
    }
    let mut out = format!(
        "browser page timings, all tests ({} loads)\n{:<32} {:>5} {:>16} {:>14} {:>14}\n",
        all.len(),
        "page",
        "loads",
        "responseEnd p50",
        "loadEnd p50",
        "loadEnd max"
    );
    for (kind, visits) in kinds {
        let mut response: Vec<f64> = visits.iter().map(|visit| visit.response_end).collect();
        let mut load: Vec<f64> = visits.iter().map(|visit| visit.load_event_end).collect();
        out.push_str(&format!(
            "{:<32} {:>5} {:>14.1}ms {:>12.1}ms {:>12.1}ms\n",
            kind,
            visits.len(),
            median(&mut response),
            median(&mut load),
            load.iter().cloned().fold(0.0, f64::max)
        ));
    }
    out
}

/// `/creators/web%3A…` → `/creators/{id}`, `/shortlists/7/compare?…` → `/shortlists/{id}/compare`.
fn page_kind(page: &str) -> String {
    let path = page.split('?').next().unwrap_or(page);
    let parts: Vec<&str> = path.split('/').collect();
    let mut kind = Vec::with_capacity(parts.len());
    for (position, part) in parts.iter().enumerate() {
        let after = position.checked_sub(1).map(|previous| parts[previous]);
        if matches!(after, Some("creators") | Some("shortlists")) && !part.is_empty() {
            kind.push("{id}");
        } else {
            kind.push(part);
        }
    }
    let kind = kind.join("/");
    if page.contains('?') {
        format!("{kind}?…")
    } else {
        kind
    }
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let head: String = text.chars().take(width - 1).collect();
        format!("{head}…")
    }
}
