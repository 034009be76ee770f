//! The simulated creator web: a seeded generator of creators (niches, tiers, posts, audience
//! samples, fakes) served over loopback in real public formats — the Mastodon REST API and
//! creator pages with schema.org `ProfilePage` JSON-LD — plus the ground truth that only
//! evaluation reads.
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
mod content;
mod creator;
mod error;
mod geo;
mod ids;
mod names;
pub mod params;
mod people;
mod persona;
mod rng;
mod server;
mod text;
mod truth;
mod vocab;
mod world;

pub use creator::{FakeKind, SimCreator};
pub use error::SimError;
pub use geo::{Country, Language};
pub use server::{serve, LoggedRequest, SimServer, VirtualHostInfo};
pub use truth::{Truth, TruthAudience, TruthCreator};
pub use world::{HostKind, HostSpec, SimConfig, World, HOSTS};
