//! The condition stack of `OP_IF`/`OP_NOTIF`/`OP_ELSE`/`OP_ENDIF`.
//!
//! Conceptually a stack of booleans, one per open `OP_IF`, saying whether its
//! current branch runs. Only two things about it are ever observed: whether it
//! is empty, and whether every entry is true (then the current instruction
//! executes). So it is stored as its size and the position of its first
//! false entry, which makes every operation O(1) however deep the nesting.
//! Core: `ConditionStack` in `src/script/interpreter.cpp`.

/// The condition stack. Core: `ConditionStack`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConditionStack {
    /// The number of open conditionals.
    size: u32,
    /// The position of the lowest false entry, if any.
    first_false: Option<u32>,
}

impl ConditionStack {
    /// Whether no conditional is open.
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Whether every open branch runs, so the current instruction executes.
    pub fn all_true(&self) -> bool {
        self.first_false.is_none()
    }

    /// Opens a conditional whose branch runs if `value`.
    pub fn push(&mut self, value: bool) {
        if self.first_false.is_none() && !value {
            self.first_false = Some(self.size);
        }
        self.size += 1;
    }

    /// Closes the innermost conditional. The caller has checked it is open.
    pub fn pop(&mut self) {
        debug_assert!(self.size > 0);
        self.size -= 1;
        if self.first_false == Some(self.size) {
            self.first_false = None;
        }
    }

    /// Switches the innermost conditional to its other branch. Flipping an
    /// entry above the first false one is unobservable, so only the top
    /// entry being or becoming the first false one matters.
    pub fn toggle_top(&mut self) {
        debug_assert!(self.size > 0);
        let top = self.size - 1;
        match self.first_false {
            None => self.first_false = Some(top),
            Some(pos) if pos == top => self.first_false = None,
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks the compact form against a plain vector of booleans.
    #[test]
    fn matches_a_vector_of_booleans() {
        // Every sequence of up to 8 operations drawn from push(t), push(f),
        // toggle, pop (skipping those invalid on an empty stack).
        for code in 0u32..4u32.pow(8) {
            let mut compact = ConditionStack::default();
            let mut plain: Vec<bool> = Vec::new();
            for step in 0..8 {
                match (code >> (2 * step)) & 3 {
                    0 => {
                        compact.push(true);
                        plain.push(true);
                    }
                    1 => {
                        compact.push(false);
                        plain.push(false);
                    }
                    2 if !plain.is_empty() => {
                        compact.toggle_top();
                        let top = plain.last_mut().unwrap();
                        *top = !*top;
                    }
                    3 if !plain.is_empty() => {
                        compact.pop();
                        plain.pop();
                    }
                    _ => {}
                }
                assert_eq!(compact.is_empty(), plain.is_empty());
                assert_eq!(compact.all_true(), plain.iter().all(|&b| b));
            }
        }
    }
}
