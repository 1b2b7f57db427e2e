//! The explorer's stored states, each slot as narrow as every stored slot allows: a
//! byte while all values fit in one (program counters, locks, small counters: most
//! programs, always), then two, then four. A quarter of the memory is a quarter of the
//! cache misses and page faults of a search that is bound by them. A value that does
//! not fit widens every stored state once; the table's hashes are of the values, so
//! they stay as they are.

use super::Value;

/// One width of slot.
trait Slot: Copy + Into<Value> + TryFrom<Value> {
    /// `v` cut to this width (only ever asked of a value that [`fits`]).
    fn narrow(v: Value) -> Self;
}
impl Slot for i8 {
    fn narrow(v: Value) -> i8 {
        v as i8
    }
}
impl Slot for i16 {
    fn narrow(v: Value) -> i16 {
        v as i16
    }
}
impl Slot for i32 {
    fn narrow(v: Value) -> i32 {
        v
    }
}

pub(super) enum Packed {
    Byte(Vec<i8>),
    Half(Vec<i16>),
    Word(Vec<i32>),
}

impl Default for Packed {
    fn default() -> Packed {
        Packed::Byte(Vec::new())
    }
}

fn fits<T: Slot>(node: &[Value]) -> bool {
    node.iter().all(|&x| T::try_from(x).is_ok())
}

/// Appends `node`, every value of which fits: a plain loop the compiler turns into
/// vector instructions, where one that checked each value could not be.
fn push<T: Slot>(v: &mut Vec<T>, node: &[Value]) {
    v.extend(node.iter().map(|&x| T::narrow(x)));
}

/// Compares every slot, without stopping at the first that differs: as vector
/// instructions, a node's few dozen slots take a handful of steps.
fn same<T: Slot>(stored: &[T], node: &[Value]) -> bool {
    stored.len() == node.len()
        && stored
            .iter()
            .zip(node)
            .fold(true, |all, (&a, &b)| all & (a.into() == b))
}

fn read<T: Slot>(stored: &[T], out: &mut [Value]) {
    for (o, &a) in out.iter_mut().zip(stored) {
        *o = a.into();
    }
}

fn widen<T: Slot, U: Slot + From<T>>(v: &Vec<T>) -> Vec<U> {
    let mut wide = Vec::with_capacity(v.capacity());
    wide.extend(v.iter().map(|&x| U::from(x)));
    wide
}

impl Packed {
    /// Stores `node` after the others, widening them all first if it needs it.
    pub(super) fn push(&mut self, node: &[Value]) {
        loop {
            match self {
                Packed::Byte(v) if fits::<i8>(node) => return push(v, node),
                Packed::Half(v) if fits::<i16>(node) => return push(v, node),
                Packed::Word(v) => return v.extend_from_slice(node),
                Packed::Byte(v) => *self = Packed::Half(widen(v)),
                Packed::Half(v) => *self = Packed::Word(widen(v)),
            }
        }
    }

    /// Whether the slots from `at` are `node`'s.
    pub(super) fn same(&self, at: usize, node: &[Value]) -> bool {
        let end = at + node.len();
        match self {
            Packed::Byte(v) => same(&v[at..end], node),
            Packed::Half(v) => same(&v[at..end], node),
            Packed::Word(v) => same(&v[at..end], node),
        }
    }

    /// The slots from `at` into `out`, as many as it holds.
    pub(super) fn read(&self, at: usize, out: &mut [Value]) {
        let end = at + out.len();
        match self {
            Packed::Byte(v) => read(&v[at..end], out),
            Packed::Half(v) => read(&v[at..end], out),
            Packed::Word(v) => read(&v[at..end], out),
        }
    }

    /// Bytes a slot takes now.
    #[cfg(test)]
    pub(super) fn width(&self) -> usize {
        match self {
            Packed::Byte(_) => 1,
            Packed::Half(_) => 2,
            Packed::Word(_) => 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_come_back_as_stored_through_every_widening() {
        let nodes: [&[Value]; 5] = [
            &[0, 1, -1, 127, -128],
            &[3, 2, 1, 0, 0],
            &[0, 128, 0, 0, 0],
            &[-32768, 32767, 5, 0, 0],
            &[i32::MIN, i32::MAX, 40_000, -1, 7],
        ];
        let widths = [1, 1, 2, 2, 4];
        let mut packed = Packed::default();
        for (k, (node, width)) in nodes.iter().zip(widths).enumerate() {
            packed.push(node);
            assert_eq!(packed.width(), width, "after node {k}");
            for (j, earlier) in nodes[..=k].iter().enumerate() {
                let mut out = [0; 5];
                packed.read(j * 5, &mut out);
                assert_eq!(&out, earlier, "node {j} after node {k}");
                assert!(packed.same(j * 5, earlier));
                for other in nodes.iter().filter(|o| o != &earlier) {
                    assert!(
                        !packed.same(j * 5, other),
                        "{other:?} taken for {earlier:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_value_too_wide_for_the_stored_slots_is_never_taken_for_one() {
        let mut packed = Packed::default();
        packed.push(&[1, 2]);
        // 257 and 1 agree in their low byte; 258 and 2 too.
        assert!(!packed.same(0, &[257, 2]));
        assert!(!packed.same(0, &[1, 258]));
        assert!(packed.same(0, &[1, 2]));
    }
}
