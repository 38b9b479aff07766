//! The interpreter's stacks and their limits.
//!
//! Core keeps the main stack and the altstack as `std::vector<valtype>`
//! and checks their combined size after every instruction (`MAX_STACK_SIZE`).
//! Positions here count from the top as Core's `stacktop(i)` does: `-1` is
//! the top element, `-2` the one below it.

use super::error::ScriptError;

/// The most elements the stack and altstack may hold together (BIP-0342
/// keeps it for tapscript). Core: `MAX_STACK_SIZE`.
pub const MAX_STACK_SIZE: usize = 1000;

/// The longest element a push may create or a witness may carry. Core:
/// `MAX_SCRIPT_ELEMENT_SIZE`.
pub const MAX_SCRIPT_ELEMENT_SIZE: usize = 520;

/// A stack of byte strings. Core: `std::vector<valtype>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stack(pub Vec<Vec<u8>>);

impl Stack {
    /// An empty stack.
    pub fn new() -> Self {
        Stack(Vec::new())
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the stack has no elements.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fails unless at least `n` elements are present.
    ///
    /// # Errors
    /// [`ScriptError::InvalidStackOperation`].
    pub fn require(&self, n: usize) -> Result<(), ScriptError> {
        if self.0.len() < n {
            return Err(ScriptError::InvalidStackOperation);
        }
        Ok(())
    }

    /// The index in the vector of stack position `i` (negative, from the top).
    fn index(&self, i: isize) -> usize {
        debug_assert!(i < 0 && i.unsigned_abs() <= self.0.len());
        self.0.len() - i.unsigned_abs()
    }

    /// The element at position `i` (`-1` is the top). The caller has checked
    /// the depth with [`Stack::require`].
    pub fn top(&self, i: isize) -> &[u8] {
        &self.0[self.index(i)]
    }

    /// The element at position `i`, mutably.
    pub fn top_mut(&mut self, i: isize) -> &mut Vec<u8> {
        let index = self.index(i);
        &mut self.0[index]
    }

    /// Pushes an element.
    pub fn push(&mut self, element: Vec<u8>) {
        self.0.push(element);
    }

    /// Pushes 0x01 for true, the empty element for false (Core's
    /// `vchTrue`/`vchFalse`).
    pub fn push_bool(&mut self, value: bool) {
        self.0.push(if value { vec![1] } else { Vec::new() });
    }

    /// Removes and returns the top element. The caller has checked the depth.
    pub fn pop(&mut self) -> Vec<u8> {
        self.0.pop().expect("stack depth checked by the caller")
    }

    /// Removes the top `n` elements. The caller has checked the depth.
    pub fn pop_n(&mut self, n: usize) {
        let len = self.0.len();
        self.0.truncate(len - n);
    }

    /// Swaps the elements at positions `i` and `j`.
    pub fn swap(&mut self, i: isize, j: isize) {
        let (a, b) = (self.index(i), self.index(j));
        self.0.swap(a, b);
    }

    /// Removes and returns the element at position `i`.
    pub fn remove(&mut self, i: isize) -> Vec<u8> {
        let index = self.index(i);
        self.0.remove(index)
    }

    /// Inserts `element` so that it ends up at position `i` (`-1` appends).
    pub fn insert(&mut self, i: isize, element: Vec<u8>) {
        let index = self.0.len() + 1 - i.unsigned_abs();
        self.0.insert(index, element);
    }

    /// Pushes a copy of the element at position `i`.
    pub fn dup(&mut self, i: isize) {
        let copy = self.top(i).to_vec();
        self.0.push(copy);
    }

    /// The last element, if any.
    pub fn last(&self) -> Option<&[u8]> {
        self.0.last().map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_from_the_top() {
        let mut stack = Stack(vec![vec![1], vec![2], vec![3]]);
        assert_eq!(stack.top(-1), &[3]);
        assert_eq!(stack.top(-3), &[1]);
        stack.swap(-1, -3);
        assert_eq!(stack.0, vec![vec![3], vec![2], vec![1]]);
        assert_eq!(stack.remove(-2), vec![2]);
        stack.insert(-2, vec![9]);
        assert_eq!(stack.0, vec![vec![3], vec![9], vec![1]]);
        stack.insert(-1, vec![8]);
        assert_eq!(stack.top(-1), &[8]);
        assert_eq!(stack.require(5), Err(ScriptError::InvalidStackOperation));
        stack.pop_n(2);
        assert_eq!(stack.0, vec![vec![3], vec![9]]);
    }
}
