//! What makes a lab's state a reducer: its actions apply in place (`apply(&mut self,
//! action)`, tested natively), and yew gets the new state as a new `Rc`.

/// Makes `$state`, with `fn apply(&mut self, $action)`, a yew reducer of `$action`s.
macro_rules! reducible {
    ($state:ty, $action:ty) => {
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
