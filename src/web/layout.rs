//! The page shell every page shares: head with the embedded assets, header, navigation and
//! `<main>`.

use maud::{html, Markup, DOCTYPE};

use crate::web::{assets, auth};

/// The navigation entries; a page names the one it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Search,
    Brief,
    Shortlists,
    /// A page outside the navigation (a creator, login, an error).
    None,
}

impl Nav {
    const ENTRIES: [(Nav, &'static str, &'static str); 3] = [
        (Nav::Search, "/", "Search"),
        (Nav::Brief, "/brief", "Brief"),
        (Nav::Shortlists, "/shortlists", "Shortlists"),
    ];
}

/// A whole HTML page: `title` in `<title>` (suffixed with "Scout"), the navigation with
/// `active` marked `aria-current="page"`, and `body` inside `<main id="main">`.
pub fn page(title: &str, active: Nav, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Scout" }
                link rel="stylesheet" href=(assets::CSS_PATH);
                script src=(assets::HTMX_PATH) defer {}
                script src=(assets::JS_PATH) defer {}
            }
            body {
                a.skip-link href="#main" { "Skip to content" }
                header.site-header {
                    a.brand href="/" { "Scout" }
                    nav aria-label="Main" {
                        ul {
                            @for (entry, href, label) in Nav::ENTRIES {
                                li {
                                    @if entry == active {
                                        a href=(href) aria-current="page" { (label) }
                                    } @else {
                                        a href=(href) { (label) }
                                    }
                                }
                            }
                        }
                    }
                    @if auth::signed_in() {
                        form.logout method="post" action="/logout" {
                            button type="submit" { "Log out" }
                        }
                    }
                }
                main #main tabindex="-1" {
                    (body)
                }
            }
        }
    }
}

/// Text only screen readers announce (a chart's numbers, a bar's value).
pub fn visually_hidden(text: &str) -> Markup {
    html! { span.visually-hidden { (text) } }
}

/// A number with thousands separators: `12345` → `12,345`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A follower count for people: `1.2M`, `45.3k`, `812`.
pub fn compact(value: u64) -> String {
    match value {
        1_000_000.. => format!("{:.1}M", value as f64 / 1_000_000.0),
        10_000.. => format!("{:.0}k", value as f64 / 1_000.0),
        1_000.. => format!("{:.1}k", value as f64 / 1_000.0),
        _ => value.to_string(),
    }
}

/// A fraction as a percentage with `decimals` places: `0.0345` → `3.45%`.
pub fn percent(fraction: f64, decimals: usize) -> String {
    format!("{:.*}%", decimals, fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(compact(812), "812");
        assert_eq!(compact(1_250), "1.2k");
        assert_eq!(compact(45_300), "45k");
        assert_eq!(compact(1_200_000), "1.2M");
        assert_eq!(percent(0.0345, 2), "3.45%");
    }

    #[test]
    fn the_shell_has_landmarks_and_marks_the_current_page() {
        let markup = page("Search", Nav::Search, html! { p { "hello <b>" } }).into_string();
        assert!(markup.starts_with("<!DOCTYPE html>"));
        for landmark in ["<header", "<nav", "<main id=\"main\""] {
            assert!(markup.contains(landmark), "{landmark} missing");
        }
        assert!(markup.contains("<a href=\"/\" aria-current=\"page\">Search</a>"));
        assert!(markup.contains("<a href=\"/brief\">Brief</a>"));
        assert!(markup.contains("hello &lt;b&gt;"));
        assert!(markup.contains(assets::HTMX_PATH));
    }
}
