//! The lab's text, shared.

use std::rc::Rc;

/// The lab's text, shared: cloning the lab (every action does) and comparing two
/// labs that hold the same text (every redraw does) cost nothing, whatever its size.
#[derive(Clone)]
pub struct Text(Rc<str>);

impl Text {
    /// The text itself, shared.
    pub fn shared(&self) -> Rc<str> {
        Rc::clone(&self.0)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        crate::text::same(&self.0, &other.0)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(text.into())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(text.into())
    }
}

impl From<Rc<str>> for Text {
    fn from(text: Rc<str>) -> Text {
        Text(text)
    }
}
