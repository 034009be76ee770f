//! The simulated creator web: a seeded generator of creators (niches, tiers, posts, audience
//! samples, fakes) served over loopback in real public formats — the Mastodon REST API,
//! creator pages with schema.org `ProfilePage` JSON-LD, a Bluesky AppView (XRPC) and a
//! YouTube-style video site with channel Atom feeds — with HTTP validators, optional fault
//! injection ([`serve_with_faults`]), and the ground truth that only evaluation reads.
//!
//! ```no_run
//! use std::sync::Arc;
//! use scout::sim::{serve, SimConfig, World};
//!
//! # async fn run() -> std::io::Result<()> {
//! let world = Arc::new(World::generate(&SimConfig { seed: 7, creators: 1_000 }));
//! let truth = world.truth();
//! let server = serve(world, "127.0.0.1:0".parse().expect("address")).await?;
//! println!("crawl from {:?}; {} creators in the truth", server.seeds(), truth.creators.len());
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! Every creator is derived from `(seed, index)` with ChaCha8 streams, so worlds are
//! reproducible across machines and any creator can be rebuilt alone; all tunables live in
//! [`params`].

mod audience;
mod bio;
mod content;
mod creator;
mod error;
mod fraud;
mod geo;
mod history;
mod ids;
mod names;
pub mod params;
mod people;
mod persona;
mod platform_ids;
mod platform_mix;
mod rng;
mod scale;
mod server;
mod text;
mod truth;
mod vocab;
mod voice;
mod world;

pub use creator::{FakeKind, SimCreator};
pub use error::SimError;
pub use geo::{Country, Language};
pub use scale::{
    niche_vocabulary, write_world, GenerateConfig, GenerateReport, DEFAULT_BATCH,
    DEFAULT_POSTS_PER_CREATOR,
};
pub use server::{
    serve, serve_with_faults, FaultConfig, FaultKind, LoggedRequest, SimServer, VirtualHostInfo,
};
pub use truth::{Truth, TruthAudience, TruthCreator};
pub use world::{HostKind, HostSpec, SimConfig, World, HOSTS};
