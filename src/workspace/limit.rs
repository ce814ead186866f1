//! Bounded concurrency per source: at most [`MAX_IN_FLIGHT`] requests to one source are in
//! flight; the rest wait in arrival order. A waiter that is dropped (its load was cancelled)
//! leaves the queue, so it never holds up the others.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Requests in flight per source, as browsers allow per HTTP/1.1 host.
pub const MAX_IN_FLIGHT: usize = 6;

#[derive(Debug)]
pub struct Limiter {
    max: usize,
    in_flight: Cell<usize>,
    /// The most in flight at once since creation (tests and `make bench` read it).
    peak: Cell<usize>,
    next_id: Cell<u64>,
    waiting: RefCell<VecDeque<(u64, Waker)>>,
}

impl Limiter {
    pub fn new(max: usize) -> Rc<Limiter> {
        Rc::new(Limiter {
            max: max.max(1),
            in_flight: Cell::new(0),
            peak: Cell::new(0),
            next_id: Cell::new(0),
            waiting: RefCell::new(VecDeque::new()),
        })
    }

    /// Resolves to a [`Permit`] once fewer than `max` requests are in flight.
    pub fn acquire(self: &Rc<Self>) -> Acquire {
        Acquire {
            limiter: self.clone(),
            id: None,
        }
    }

    pub fn peak(&self) -> usize {
        self.peak.get()
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.get()
    }

    fn forget(&self, id: u64) {
        self.waiting.borrow_mut().retain(|(i, _)| *i != id);
    }
}

pub struct Acquire {
    limiter: Rc<Limiter>,
    /// Our place in the queue, once we had to wait.
    id: Option<u64>,
}

impl Future for Acquire {
    type Output = Permit;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
        let l = self.limiter.clone();
        let first_in_line = match self.id {
            None => l.waiting.borrow().is_empty(),
            Some(id) => l.waiting.borrow().front().is_some_and(|(i, _)| *i == id),
        };
        if l.in_flight.get() < l.max && first_in_line {
            if let Some(id) = self.id.take() {
                l.forget(id);
            }
            l.in_flight.set(l.in_flight.get() + 1);
            l.peak.set(l.peak.get().max(l.in_flight.get()));
            return Poll::Ready(Permit { limiter: l });
        }
        let id = *self.id.get_or_insert_with(|| {
            let id = l.next_id.get();
            l.next_id.set(id + 1);
            id
        });
        let mut q = l.waiting.borrow_mut();
        match q.iter_mut().find(|(i, _)| *i == id) {
            Some((_, w)) => w.clone_from(cx.waker()),
            None => q.push_back((id, cx.waker().clone())),
        }
        Poll::Pending
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            let was_first = self
                .limiter
                .waiting
                .borrow()
                .front()
                .is_some_and(|(i, _)| *i == id);
            self.limiter.forget(id);
            if was_first {
                wake_first(&self.limiter);
            }
        }
    }
}

/// A request slot; dropping it lets the next waiter go.
pub struct Permit {
    limiter: Rc<Limiter>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.limiter.in_flight.set(self.limiter.in_flight.get() - 1);
        wake_first(&self.limiter);
    }
}

fn wake_first(l: &Limiter) {
    let first = l.waiting.borrow().front().map(|(_, w)| w.clone());
    if let Some(w) = first {
        w.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::block_on;

    /// Pending once, then ready: a request that takes one turn of the executor.
    struct OneTurn(bool);

    impl Future for OneTurn {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    #[test]
    fn at_most_max_in_flight_and_all_finish() {
        let l = Limiter::new(6);
        let done = Rc::new(Cell::new(0));
        let jobs = (0..40).map(|_| {
            let (l, done) = (l.clone(), done.clone());
            async move {
                let _p = l.acquire().await;
                assert!(l.in_flight() <= 6);
                for _ in 0..3 {
                    OneTurn(false).await;
                }
                done.set(done.get() + 1);
            }
        });
        block_on(futures::future::join_all(jobs));
        assert_eq!(done.get(), 40);
        assert_eq!(l.peak(), 6);
        assert_eq!(l.in_flight(), 0);
    }

    #[test]
    fn a_dropped_waiter_does_not_block_the_queue() {
        let l = Limiter::new(1);
        let held = block_on(l.acquire());
        let mut waiting = Box::pin(l.acquire());
        let waker = Waker::noop();
        assert!(waiting
            .as_mut()
            .poll(&mut Context::from_waker(waker))
            .is_pending());
        drop(waiting);
        drop(held);
        let _next = block_on(l.acquire());
        assert_eq!(l.in_flight(), 1);
    }
}
