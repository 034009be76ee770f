//! Chromium under chromedriver for one test: a fresh headless browser with its own profile and
//! download directory, helpers that wait for pages and record their navigation timing, and
//! [`run`], which saves a screenshot and the page source when the test fails and always ends
//! the browser.

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use futures::FutureExt;
use serde_json::{json, Value};

use super::timing::{self, Visit};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long helpers wait for an element, a page or a download.
pub(super) const WAIT: Duration = Duration::from_secs(20);

/// Chromium's flags: the issue's, plus no QUIC and a laptop-sized window.
const CHROMIUM_ARGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--window-size=1280,900",
    "--disable-dev-shm-usage",
];

/// The `target/` directory of this workspace (or `$CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Runs `body` in a fresh browser pointed at `base_url`. When the body fails or panics, the
/// page's screenshot and source go to `target/browser-failures/<test>.png|.html` (their paths
/// are printed) before the test fails; the browser and chromedriver are ended either way, and
/// the pages' timings are printed.
pub async fn run<F, Fut>(test: &'static str, base_url: &str, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let driver = match Driver::start().await {
        Ok(driver) => driver,
        Err(error) => panic!("{test}: no browser: {error:#}"),
    };
    let browser = match driver.session(test, base_url).await {
        Ok(browser) => browser,
        Err(error) => panic!("{test}: no browser session: {error:#}"),
    };
    let outcome = AssertUnwindSafe(body(browser.clone())).catch_unwind().await;
    let failed = !matches!(outcome, Ok(Ok(())));
    if failed {
        browser.save_failure().await;
    }
    timing::finish(test, browser.visits());
    let _ = browser.client.clone().close().await;
    drop(driver);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{test}: {error:#}"),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// A chromedriver process on a free loopback port, ended when dropped.
struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
    downloads: tempfile::TempDir,
}

impl Driver {
    async fn start() -> Result<Driver> {
        for path in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(path).exists() {
                bail!("{path} is missing: apt-get install chromium chromium-driver");
            }
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {CHROMEDRIVER}"))?;
        let driver = Driver {
            child,
            port,
            profile: tempfile::tempdir()?,
            downloads: tempfile::tempdir()?,
        };
        let status_url = format!("http://127.0.0.1:{port}/status");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(response) = client.get(&status_url).send().await {
                if response.status().is_success() {
                    return Ok(driver);
                }
            }
            if Instant::now() > deadline {
                bail!("chromedriver never answered on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A new Chromium session with a fresh profile, downloading into this driver's directory.
    async fn session(&self, test: &'static str, base_url: &str) -> Result<Browser> {
        let downloads = self.downloads.path().to_path_buf();
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| arg.to_string()).collect();
        args.push(format!("--user-data-dir={}", self.profile.path().display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false,
                },
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("chromedriver refused the session")?;
        Ok(Browser {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            downloads,
            test,
            visits: Arc::new(Mutex::new(Vec::new())),
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver's own shutdown ends the browsers it started; then the process itself.
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
            use std::io::{Read, Write};
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let request = format!(
                "GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                self.port
            );
            if stream.write_all(request.as_bytes()).is_ok() {
                let mut answer = Vec::new();
                let _ = stream.read_to_end(&mut answer);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One test's browser: a WebDriver client plus where its pages live and where downloads land.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    /// The server's `http://127.0.0.1:PORT`.
    pub base_url: String,
    downloads: PathBuf,
    test: &'static str,
    visits: Arc<Mutex<Vec<Visit>>>,
}

/// Marks the current document so that [`Browser::wait_for_new_document`] can tell when it has
/// been replaced.
const MARK_DOCUMENT: &str = "window.__scoutBrowserOldDocument = true;";

/// True once a document without the mark has loaded completely.
const NEW_DOCUMENT_LOADED: &str =
    "return !window.__scoutBrowserOldDocument && document.readyState === 'complete';";

/// The navigation timing of the current document, once its load event has ended.
const NAVIGATION_TIMING: &str = r#"
const entry = performance.getEntriesByType('navigation')[0];
if (!entry || entry.loadEventEnd === 0) { return null; }
return {
  page: location.pathname + location.search,
  response_end: entry.responseEnd,
  dom_content_loaded: entry.domContentLoadedEventEnd,
  load_event_end: entry.loadEventEnd,
};
"#;

impl Browser {
    /// The absolute URL of `path` on the server.
    pub fn url_of(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Loads `path` (or an absolute URL) and records its timing.
    pub async fn visit(&self, path: &str) -> Result<()> {
        let url = if path.starts_with("http://") {
            path.to_string()
        } else {
            self.url_of(path)
        };
        self.client
            .goto(&url)
            .await
            .with_context(|| format!("cannot load {url}"))?;
        self.record_timing().await
    }

    /// Clicks the element and waits for the page it leads to (a link or a form's submit
    /// button), recording that page's timing.
    pub async fn click_to_page(&self, element: &Element) -> Result<()> {
        self.client.execute(MARK_DOCUMENT, vec![]).await?;
        element.click().await.context("click")?;
        self.wait_for_new_document().await?;
        self.record_timing().await
    }

    /// Clicks the element matched by `css` and waits for the page it leads to.
    pub async fn click_css_to_page(&self, css: &str) -> Result<()> {
        let element = self.find(css).await?;
        self.click_to_page(&element).await
    }

    async fn wait_for_new_document(&self) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            // While the old document unloads, scripts may fail: that is "not yet".
            if let Ok(Value::Bool(true)) = self.client.execute(NEW_DOCUMENT_LOADED, vec![]).await {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "no new page loaded within {WAIT:?} (still at {})",
                    self.path().await.unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    async fn record_timing(&self) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let timing = self.client.execute(NAVIGATION_TIMING, vec![]).await?;
            if !timing.is_null() {
                let visit = Visit::from_json(&timing)
                    .ok_or_else(|| anyhow!("unexpected navigation timing {timing}"))?;
                self.visits.lock().unwrap().push(visit);
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the page's load event never ended");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The page visits recorded so far.
    pub fn visits(&self) -> Vec<Visit> {
        self.visits.lock().unwrap().clone()
    }

    /// The current URL.
    pub async fn current_url(&self) -> Result<url::Url> {
        Ok(self.client.current_url().await?)
    }

    /// Path and query of the current URL.
    pub async fn path(&self) -> Result<String> {
        let url = self.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// The first element matching `css`, waiting up to ten seconds for it to appear.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => return Ok(element),
                Err(error) if Instant::now() > deadline => {
                    return Err(error)
                        .with_context(|| format!("no element {css} on {}", self.path_or_unknown()))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Every element matching `css`, now (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client
            .execute(script, args)
            .await
            .with_context(|| format!("script failed: {script}"))
    }

    /// Replaces the value of the input matched by `css` with `text`, typed as a person would.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let input = self.find(css).await?;
        input
            .clear()
            .await
            .with_context(|| format!("clear {css}"))?;
        input
            .send_keys(text)
            .await
            .with_context(|| format!("type into {css}"))?;
        Ok(())
    }

    /// Ticks the checkbox matched by `css` (clicking it only when it is not ticked yet).
    pub async fn tick(&self, css: &str) -> Result<()> {
        let checkbox = self.find(css).await?;
        if !checkbox.is_selected().await? {
            checkbox
                .click()
                .await
                .with_context(|| format!("tick {css}"))?;
        }
        Ok(())
    }

    /// Chooses the option with `value` in the select matched by `css`.
    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        self.find(css)
            .await?
            .select_by_value(value)
            .await
            .with_context(|| format!("select {value:?} in {css}"))
    }

    /// The `data-creator-id`s of the cards inside `container` (e.g. `#results`), in order, read
    /// in one script so that a part of the page being swapped meanwhile cannot split the read.
    pub async fn card_ids(&self, container: &str) -> Result<Vec<String>> {
        let ids = self
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]))
                   .map(card => card.getAttribute('data-creator-id'));",
                vec![Value::String(format!("{container} article.card"))],
            )
            .await?;
        let ids = ids
            .as_array()
            .ok_or_else(|| anyhow!("card ids: {ids}"))?
            .iter()
            .map(|id| {
                id.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| anyhow!("a card in {container} has no data-creator-id"))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Presses Tab once, wherever the focus is.
    pub async fn press_tab(&self) -> Result<()> {
        let tab = char::from(Key::Tab);
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab });
        self.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Waits until a file with `extension` has finished downloading and returns its path.
    pub async fn downloaded(&self, extension: &str) -> Result<PathBuf> {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut found = None;
            for entry in std::fs::read_dir(&self.downloads)? {
                let path = entry?.path();
                if path.extension().and_then(|ext| ext.to_str()) == Some(extension) {
                    found = Some(path);
                }
            }
            if let Some(path) = found {
                return Ok(path);
            }
            if Instant::now() > deadline {
                bail!(
                    "no .{extension} file downloaded into {} within {WAIT:?}",
                    self.downloads.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot of the current page to `path` (creating its directory).
    pub async fn screenshot_to(&self, path: &Path) -> Result<()> {
        let png = self.client.screenshot().await?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, png).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Screenshot and source of the current page into `target/browser-failures/`.
    async fn save_failure(&self) {
        let directory = target_dir().join("browser-failures");
        let png = directory.join(format!("{}.png", self.test));
        match self.screenshot_to(&png).await {
            Ok(()) => eprintln!(
                "{}: screenshot of the failing page: {}",
                self.test,
                png.display()
            ),
            Err(error) => eprintln!("{}: no screenshot: {error:#}", self.test),
        }
        let html = directory.join(format!("{}.html", self.test));
        match self.client.source().await {
            Ok(source) => {
                if std::fs::write(&html, source).is_ok() {
                    eprintln!("{}: its source: {}", self.test, html.display());
                }
            }
            Err(error) => eprintln!("{}: no page source: {error}", self.test),
        }
        eprintln!("{}: failed at {}", self.test, self.path_or_unknown());
    }

    fn path_or_unknown(&self) -> String {
        // Used in error messages only, where awaiting is not possible: the last recorded page.
        self.visits
            .lock()
            .unwrap()
            .last()
            .map(|visit| visit.page.clone())
            .unwrap_or_else(|| "(no page yet)".into())
    }
}

/// Where the README's screenshots go: `docs/screenshots/` when `SCOUT_UPDATE_SCREENSHOTS=1`,
/// else `target/browser-screenshots/` (so that a plain test run leaves the repository alone).
pub fn screenshot_path(name: &str) -> PathBuf {
    if std::env::var("SCOUT_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/screenshots")
            .join(name)
    } else {
        target_dir().join("browser-screenshots").join(name)
    }
}
