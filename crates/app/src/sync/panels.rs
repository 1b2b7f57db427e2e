//! The explorer's panel and random search's, fetched once a synchronisation lesson's
//! page works (`parts::later`): they run the searches on a worker and read its replies,
//! which the page's first view never needs. The board says so until they come.

use yew::prelude::*;

use super::explorer::{ExplorerPanel, ExplorerProps};
use super::random::{RandomPanel, RandomProps};

/// The panels, as the later split hands them over.
#[derive(Clone, Copy)]
pub struct Panels {
    pub explorer: fn(ExplorerProps) -> Html,
    pub random: fn(RandomProps) -> Html,
}

pub const PANELS: Panels = Panels {
    explorer: |props| html! { <ExplorerPanel ..props /> },
    random: |props| html! { <RandomPanel ..props /> },
};
