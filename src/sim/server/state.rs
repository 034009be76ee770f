//! Server-side state: per-host lookups built once at start, a bounded cache of derived
//! creator content, and the request log.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, Utc};

use crate::sim::content::CreatorContent;
use crate::sim::creator::SimCreator;
use crate::sim::history;
use crate::sim::params;
use crate::sim::server::{LoggedRequest, VirtualHostInfo};
use crate::sim::world::{HostKind, World};

/// Locks a mutex, recovering the data if a panicking thread poisoned it.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A Mastodon status rendered once, with what the statuses filters need.
pub(super) struct RenderedStatus {
    pub(super) id: u64,
    pub(super) has_media: bool,
    pub(super) tags: Vec<String>,
    pub(super) json: String,
}

/// A Bluesky feed item rendered once, with what the feed filters and cursor need.
pub(super) struct RenderedFeedItem {
    /// When the item was posted (the feed's sort key and cursor).
    pub(super) at: DateTime<Utc>,
    pub(super) is_reply: bool,
    pub(super) has_media: bool,
    pub(super) json: String,
}

/// A creator's derived content plus renderings made from it on demand.
pub(super) struct CreatorEntry {
    pub(super) content: CreatorContent,
    /// Mastodon statuses, newest first.
    pub(super) statuses: OnceLock<Vec<RenderedStatus>>,
    /// Bluesky author-feed items, newest first.
    pub(super) feed: OnceLock<Vec<RenderedFeedItem>>,
    /// The video site's Atom feed.
    pub(super) atom: OnceLock<String>,
}

/// Cached entries by creator index and day shown, and the order they arrived in.
#[derive(Default)]
struct CacheSlots {
    entries: HashMap<(u32, u32), Arc<CreatorEntry>>,
    arrival: VecDeque<(u32, u32)>,
}

/// A bounded map from creator index and day shown to entry (a request still in flight when
/// the day changes caches its entry under its own day); the oldest insertions leave first.
pub(super) struct EntryCache {
    capacity: usize,
    slots: Mutex<CacheSlots>,
}

impl EntryCache {
    fn new(capacity: usize) -> EntryCache {
        EntryCache {
            capacity: capacity.max(1),
            slots: Mutex::new(CacheSlots::default()),
        }
    }

    /// Forgets every entry (those of another day are never asked for again).
    fn clear(&self) {
        let mut slots = lock(&self.slots);
        slots.entries.clear();
        slots.arrival.clear();
    }

    /// The entry for `index` as shown `days_before` the anchor, derived and cached on a miss.
    fn get_or_derive(
        &self,
        world: &World,
        index: u32,
        days_before: u32,
    ) -> Option<Arc<CreatorEntry>> {
        let key = (index, days_before);
        if let Some(entry) = lock(&self.slots).entries.get(&key) {
            return Some(Arc::clone(entry));
        }
        let mut content = world.content(index)?;
        if days_before > 0 {
            let creator = world.creator(index)?;
            let observed = history::observed(world.seed(), creator, days_before);
            content.scale_engagement(observed.engagement_scale);
            let anchor = world.anchor();
            content.published_by(
                anchor - chrono::Duration::days(i64::from(days_before)),
                anchor,
            );
        }
        let entry = Arc::new(CreatorEntry {
            content,
            statuses: OnceLock::new(),
            feed: OnceLock::new(),
            atom: OnceLock::new(),
        });
        let mut slots = lock(&self.slots);
        if let Some(existing) = slots.entries.get(&key) {
            return Some(Arc::clone(existing));
        }
        slots.entries.insert(key, Arc::clone(&entry));
        slots.arrival.push_back(key);
        while slots.entries.len() > self.capacity {
            let Some(oldest) = slots.arrival.pop_front() else {
                break;
            };
            slots.entries.remove(&oldest);
        }
        Some(entry)
    }
}

/// Every request the hosts answered, and the ones robots.txt forbade.
pub(super) struct RequestLog {
    entries: Mutex<VecDeque<LoggedRequest>>,
    violations: Mutex<Vec<LoggedRequest>>,
}

impl RequestLog {
    pub(super) fn new() -> RequestLog {
        RequestLog {
            entries: Mutex::new(VecDeque::new()),
            violations: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn record(&self, request: LoggedRequest, violation: bool) {
        if violation {
            lock(&self.violations).push(request.clone());
        }
        let mut entries = lock(&self.entries);
        if entries.len() >= params::REQUEST_LOG_CAPACITY {
            entries.pop_front();
        }
        entries.push_back(request);
    }

    pub(super) fn entries(&self) -> Vec<LoggedRequest> {
        lock(&self.entries).iter().cloned().collect()
    }

    pub(super) fn violations(&self) -> Vec<LoggedRequest> {
        lock(&self.violations).clone()
    }
}

/// State shared by all hosts of one server.
pub(super) struct Shared {
    pub(super) world: Arc<World>,
    pub(super) hosts: Vec<VirtualHostInfo>,
    pub(super) cache: EntryCache,
    /// The hosts show the world as it was this many days before its anchor.
    days_before: AtomicU32,
}

impl Shared {
    pub(super) fn new(world: Arc<World>, hosts: Vec<VirtualHostInfo>) -> Shared {
        Shared {
            world,
            hosts,
            cache: EntryCache::new(params::CONTENT_CACHE_CREATORS),
            days_before: AtomicU32::new(0),
        }
    }

    /// Shows the world as it was `days` before its anchor from now on (0: as generated).
    pub(super) fn show_days_before(&self, days: u32) {
        self.days_before
            .store(days.min(params::HISTORY_DAYS), Ordering::SeqCst);
        self.cache.clear();
    }

    pub(super) fn days_before(&self) -> u32 {
        self.days_before.load(Ordering::SeqCst)
    }

    /// The followers a creator shows on the day shown.
    pub(super) fn followers(&self, creator: &SimCreator) -> u64 {
        match self.days_before() {
            0 => creator.followers,
            days => history::observed(self.world.seed(), creator, days).followers,
        }
    }

    /// The public URL of a creator's profile on its own host (for rel=me / sameAs links).
    pub(super) fn profile_url(&self, creator: &SimCreator) -> Option<String> {
        let host = self.hosts.get(creator.host)?;
        Some(match host.kind {
            HostKind::Mastodon => format!("{}/@{}", host.base_url, creator.username),
            HostKind::CreatorSite => format!("{}/c/{}", host.base_url, creator.username),
            HostKind::Bluesky => format!("{}/profile/{}", host.base_url, creator.username),
            HostKind::VideoSite => {
                format!("{}/channel/{}", host.base_url, creator.channel_id()?)
            }
        })
    }

    /// The profile URL of the same person's other account.
    pub(super) fn linked_profile_url(&self, creator: &SimCreator) -> Option<String> {
        let partner = self.world.creator(creator.linked?)?;
        self.profile_url(partner)
    }
}

/// What one host's handlers need.
pub(super) struct HostState {
    pub(super) shared: Arc<Shared>,
    pub(super) host: usize,
    pub(super) kind: HostKind,
    pub(super) domain: &'static str,
    pub(super) title: &'static str,
    pub(super) base_url: String,
    /// Lower-cased username → creator index.
    pub(super) by_username: HashMap<String, u32>,
    /// Discoverable creators, most recently active first (Mastodon directory `order=active`).
    pub(super) directory_active: Vec<u32>,
    /// Discoverable creators, newest accounts first (`order=new`).
    pub(super) directory_new: Vec<u32>,
    /// Discoverable creators, most followed first (Bluesky suggestions and search order).
    pub(super) by_followers: Vec<u32>,
    /// Channel id → creator index (video site).
    pub(super) by_channel: HashMap<String, u32>,
    /// Lower-cased handle, display name and bio of discoverable creators, in
    /// [`HostState::by_followers`] order (Bluesky search).
    pub(super) search_text: Vec<(u32, String)>,
    /// The last search and its matches, so paging through one query stays cheap.
    pub(super) last_search: Mutex<Option<(String, Arc<Vec<u32>>)>>,
}

impl HostState {
    pub(super) fn new(shared: Arc<Shared>, host: usize) -> HostState {
        let world = Arc::clone(&shared.world);
        let spec = world.hosts()[host];
        let base_url = shared
            .hosts
            .get(host)
            .map(|info| info.base_url.clone())
            .unwrap_or_default();
        let indices = world.creators_on(host);
        let by_username = indices
            .iter()
            .filter_map(|index| {
                world
                    .creator(*index)
                    .map(|creator| (creator.username.to_lowercase(), *index))
            })
            .collect();
        let discoverable: Vec<&SimCreator> = indices
            .iter()
            .filter_map(|index| world.creator(*index))
            .filter(|creator| creator.discoverable)
            .collect();
        let mut active = discoverable.clone();
        active.sort_by(|a, b| {
            b.last_post_at
                .cmp(&a.last_post_at)
                .then(a.index.cmp(&b.index))
        });
        let mut new = discoverable.clone();
        new.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.index.cmp(&b.index)));
        let mut popular = discoverable;
        popular.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.index.cmp(&b.index)));
        let by_channel = indices
            .iter()
            .filter_map(|index| world.creator(*index))
            .filter_map(|creator| Some((creator.channel_id.clone()?, creator.index)))
            .collect();
        let search_text = if spec.kind == HostKind::Bluesky {
            popular
                .iter()
                .map(|creator| {
                    let text = format!(
                        "{} {} {}",
                        creator.username, creator.display_name, creator.bio
                    );
                    (creator.index, text.to_lowercase())
                })
                .collect()
        } else {
            Vec::new()
        };
        HostState {
            host,
            kind: spec.kind,
            domain: spec.domain,
            title: spec.title,
            base_url,
            by_username,
            directory_active: active.iter().map(|creator| creator.index).collect(),
            directory_new: new.iter().map(|creator| creator.index).collect(),
            by_followers: popular.iter().map(|creator| creator.index).collect(),
            by_channel,
            search_text,
            last_search: Mutex::new(None),
            shared,
        }
    }

    pub(super) fn world(&self) -> &World {
        &self.shared.world
    }

    /// A creator served by this host.
    pub(super) fn creator(&self, index: u32) -> Option<&SimCreator> {
        self.shared
            .world
            .creator(index)
            .filter(|creator| creator.host == self.host)
    }

    /// A creator of this host by username (case-insensitive).
    pub(super) fn creator_by_username(&self, username: &str) -> Option<&SimCreator> {
        let index = self.by_username.get(&username.to_lowercase())?;
        self.creator(*index)
    }

    /// A creator of this host by channel id (video site).
    pub(super) fn creator_by_channel(&self, channel: &str) -> Option<&SimCreator> {
        let index = self.by_channel.get(channel)?;
        self.creator(*index)
    }

    /// Creators whose handle, name or bio contain every term, most followed first.
    pub(super) fn search(&self, terms: &[String]) -> Arc<Vec<u32>> {
        let key = terms.join(" ");
        if let Some((last, matches)) = lock(&self.last_search).as_ref() {
            if *last == key {
                return Arc::clone(matches);
            }
        }
        let matches: Arc<Vec<u32>> = Arc::new(
            self.search_text
                .iter()
                .filter(|(_, text)| terms.iter().all(|term| text.contains(term.as_str())))
                .map(|(index, _)| *index)
                .collect(),
        );
        *lock(&self.last_search) = Some((key, Arc::clone(&matches)));
        matches
    }

    /// The cached content of a creator of this host.
    pub(super) fn entry(&self, creator: &SimCreator) -> Option<Arc<CreatorEntry>> {
        self.shared.cache.get_or_derive(
            &self.shared.world,
            creator.index,
            self.shared.days_before(),
        )
    }

    /// The followers a creator shows on the day shown.
    pub(super) fn followers(&self, creator: &SimCreator) -> u64 {
        self.shared.followers(creator)
    }
}
