//! Documents an adapter read once and answers many requests from: a `/metrics` file that 40
//! SLO queries select from is fetched and parsed once per load, not 40 times. The caller (the
//! workspace) owns the memo and clears it on refresh; requests that arrive while the document
//! is being read wait for that read rather than starting their own. A failed read is not
//! kept: the next request tries again.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::SourceError;

enum Slot {
    Reading(Vec<Waker>),
    Read(Rc<dyn Any>),
}

/// Read documents by key (the adapter's kind and the document's URL).
#[derive(Default)]
pub struct Memo {
    slots: RefCell<HashMap<String, Slot>>,
}

impl Memo {
    /// Forgets every document (Refresh, a new config).
    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.slots.borrow_mut());
        for slot in old.into_values() {
            if let Slot::Reading(waiters) = slot {
                waiters.into_iter().for_each(Waker::wake);
            }
        }
    }

    /// The document under `key`, read by `read` unless it was read already or is being read.
    pub async fn get_or_read<T, F>(
        &self,
        key: &str,
        read: impl FnOnce() -> F,
    ) -> Result<Rc<T>, SourceError>
    where
        T: 'static,
        F: Future<Output = Result<T, SourceError>>,
    {
        loop {
            let reading = match self.slots.borrow().get(key) {
                Some(Slot::Read(doc)) => match doc.clone().downcast::<T>() {
                    Ok(doc) => return Ok(doc),
                    Err(_) => false,
                },
                Some(Slot::Reading(_)) => true,
                None => false,
            };
            if !reading {
                break;
            }
            Wait {
                memo: self,
                key,
                registered: false,
            }
            .await;
        }
        self.slots
            .borrow_mut()
            .insert(key.to_string(), Slot::Reading(Vec::new()));
        let mut guard = Unfinished {
            memo: self,
            key,
            armed: true,
        };
        let result = read().await.map(Rc::new);
        guard.armed = false;
        let waiters = match &result {
            Ok(doc) => {
                let doc: Rc<dyn Any> = doc.clone();
                self.slots
                    .borrow_mut()
                    .insert(key.to_string(), Slot::Read(doc))
            }
            Err(_) => self.slots.borrow_mut().remove(key),
        };
        if let Some(Slot::Reading(waiters)) = waiters {
            waiters.into_iter().for_each(Waker::wake);
        }
        result
    }
}

/// The source's document read by `read`, once per load when the caller keeps a memo (keyed by
/// `what`, the source's name and URL), else every time. `what` is the adapter's kind, with the
/// document's name where one source has several (a snapshot's index and its bundles).
pub async fn read_once<T, F>(
    cx: &super::Context<'_>,
    what: &str,
    read: impl FnOnce() -> F,
) -> Result<Rc<T>, SourceError>
where
    T: 'static,
    F: Future<Output = Result<T, SourceError>>,
{
    match cx.memo {
        Some(memo) => {
            let key = format!("{what}\u{1}{}\u{1}{}", cx.source.name, cx.source.url);
            memo.get_or_read(&key, read).await
        }
        None => read().await.map(Rc::new),
    }
}

/// Waits until the slot being read is filled, dropped or cleared.
struct Wait<'m> {
    memo: &'m Memo,
    key: &'m str,
    registered: bool,
}

impl Future for Wait<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut slots = self.memo.slots.borrow_mut();
        match slots.get_mut(self.key) {
            Some(Slot::Reading(waiters)) => {
                if !self.registered {
                    waiters.push(cx.waker().clone());
                    drop(slots);
                    self.registered = true;
                }
                Poll::Pending
            }
            _ => Poll::Ready(()),
        }
    }
}

/// A read that was dropped half-way (its load was cancelled) frees the slot for the waiters.
struct Unfinished<'m> {
    memo: &'m Memo,
    key: &'m str,
    armed: bool,
}

impl Drop for Unfinished<'_> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let removed = {
            let mut slots = self.memo.slots.borrow_mut();
            match slots.get(self.key) {
                Some(Slot::Reading(_)) => slots.remove(self.key),
                _ => None,
            }
        };
        if let Some(Slot::Reading(waiters)) = removed {
            waiters.into_iter().for_each(Waker::wake);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::block_on;
    use std::cell::Cell;

    /// Pending once, then ready: a read that takes a turn of the executor.
    struct Turn(bool);

    impl Future for Turn {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn a_document_is_read_once_and_shared_while_being_read() {
        let memo = Memo::default();
        let reads = Cell::new(0);
        let read = || async {
            reads.set(reads.get() + 1);
            Turn(false).await;
            Ok::<_, SourceError>(vec![1, 2, 3])
        };
        let both = futures::future::join(
            memo.get_or_read::<Vec<i32>, _>("k", read),
            memo.get_or_read::<Vec<i32>, _>("k", read),
        );
        let (a, b) = block_on(both);
        assert_eq!(a.unwrap().as_slice(), [1, 2, 3]);
        assert_eq!(b.unwrap().as_slice(), [1, 2, 3]);
        assert_eq!(
            reads.get(),
            1,
            "the second request waited for the first read"
        );
        memo.clear();
        let c = block_on(memo.get_or_read::<Vec<i32>, _>("k", read)).unwrap();
        assert_eq!((c.as_slice(), reads.get()), ([1, 2, 3].as_slice(), 2));
    }

    #[test]
    fn a_failed_read_is_not_kept() {
        let memo = Memo::default();
        let failed =
            block_on(memo.get_or_read::<u8, _>("k", || async { Err(SourceError::Cancelled) }));
        assert_eq!(failed, Err(SourceError::Cancelled));
        let ok = block_on(memo.get_or_read::<u8, _>("k", || async { Ok(7) }));
        assert_eq!(ok.map(|v| *v), Ok(7u8));
    }
}
