//! What makes a lab's state a reducer: its actions apply in place (`apply(&mut self,
//! action)`, tested natively), and yew gets the new state as a new `Rc`.

/// A lab's state whose actions apply in place (for the native tests' tables).
#[cfg(test)]
pub trait Apply {
    type Action;
    fn apply(&mut self, action: Self::Action);
}

/// Makes `$state`, with `fn apply(&mut self, $action)`, a yew reducer of `$action`s.
macro_rules! reducible {
    ($state:ty, $action:ty) => {
        #[cfg(test)]
        impl crate::reducer::Apply for $state {
            type Action = $action;

            fn apply(&mut self, action: $action) {
                <$state>::apply(self, action)
            }
        }

        impl yew::Reducible for $state {
            type Action = $action;

            fn reduce(self: std::rc::Rc<Self>, action: $action) -> std::rc::Rc<Self> {
                let mut next = std::rc::Rc::unwrap_or_clone(self);
                next.apply(action);
                std::rc::Rc::new(next)
            }
        }
    };
}

pub(crate) use reducible;

/// A native test's table: `state` in one line (by `summary`) at the start, then after
/// each action, each line named by what the learner did.
#[cfg(test)]
pub fn table<S: Apply>(
    mut state: S,
    actions: Vec<(&str, S::Action)>,
    summary: impl Fn(&S) -> String,
) -> String {
    let mut lines = vec![format!("open: {}", summary(&state))];
    for (what, action) in actions {
        state.apply(action);
        lines.push(format!("{what}: {}", summary(&state)));
    }
    lines.join("\n")
}
