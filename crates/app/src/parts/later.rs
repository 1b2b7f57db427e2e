//! Code that a part fetches once its page works: a lab's simulator, a split of its own
//! whose pack holds only what the part's does not. The page works without it, and
//! whatever needs it waits until it comes.

#[cfg(not(target_arch = "wasm32"))]
use super::Part;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::{Missing, split};

/// Whether work started for a generation of a lab is still wanted.
pub type Live = Rc<dyn Fn() -> bool>;

/// Work a simulator does in slices: its answer, or none once superseded.
pub type Later<T> = Pin<Box<dyn Future<Output = Option<T>>>>;

/// The later splits, each with the part that fetches it.
#[cfg(not(target_arch = "wasm32"))]
pub const LATER: [(&str, Part); 3] = [
    ("lab_engine", Part::Lab),
    ("systems_engine", Part::Systems),
    ("sync_panels", Part::Sync),
];

/// A simulator's table of functions, once the page has it. A page has one: any two
/// are equal.
#[derive(Clone, Copy)]
pub struct Loaded<E>(pub E);

impl<E> PartialEq for Loaded<E> {
    fn eq(&self, _: &Loaded<E>) -> bool {
        true
    }
}

impl<E> std::ops::Deref for Loaded<E> {
    type Target = E;
    fn deref(&self) -> &E {
        &self.0
    }
}

impl<E> std::fmt::Debug for Loaded<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loaded")
    }
}

/// The scheduler lab's simulator, fetched (once) after the lab's page works.
pub async fn lab_engine() -> Result<Loaded<crate::lab::engine::Engine>, Missing> {
    Ok(Loaded(split::lab_engine().await?))
}

/// The system labs' simulator, fetched (once) after a system lab's page works.
pub async fn systems_engine() -> Result<Loaded<crate::systems::engine::Engine>, Missing> {
    Ok(Loaded(split::systems_engine().await?))
}

/// The synchronisation lessons' explorer and random search, fetched (once) after such a
/// lesson's page works.
pub async fn sync_panels() -> Result<Loaded<crate::sync::panels::Panels>, Missing> {
    Ok(Loaded(split::sync_panels().await?))
}
