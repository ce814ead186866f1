//! Long tables render only the rows in view: a scrolling card of fixed row height, spacer rows
//! standing in for everything above and below. 20,000 rows cost what 40 do. Every table that
//! can be long (services, entities, SLOs) uses this; cells keep one line and show the full
//! text on hover (CSS `.vtable`). The rows in view are a memo, so a scroll within a row or a
//! change that keeps the count notifies nobody, and tables key their rows (`<For/>`, or
//! `web::rows` for the entity table): a row that stays in view keeps its DOM. A table that is
//! usually short (SLOs) is rendered whole up to [`WHOLE_UP_TO`] rows ([`whole`]), so the
//! browser's find and printing see every row.

use leptos::prelude::*;

/// Height of one row (CSS `.vtable tr.vrow td` has the same).
pub const ROW_H: f64 = 30.0;
/// Rows rendered beyond the visible ones on each side, so a fast scroll shows no gap.
const OVERSCAN: usize = 8;
/// Tables that can be short render whole up to this many rows: style and layout of the SLO
/// table's rows cost the browser about 0.4 ms each (500 rows were one 210 ms task), so 100
/// stay well within a 100 ms task.
pub const WHOLE_UP_TO: usize = 100;

/// Every row of `len`: the range of a table rendered whole.
pub fn whole(len: Signal<usize>) -> Memo<(usize, usize)> {
    Memo::new(move |_| (0, len.get()))
}

/// The scroll position of one virtualised table and the rows it shows.
#[derive(Clone, Copy)]
pub struct Window {
    scroll: RwSignal<f64>,
    view_h: f64,
    /// The list (its version) whose rows are drawn with their overscan ([`Window::rows_settling`]).
    settled: RwSignal<Option<u64>>,
}

impl Window {
    /// A window `view_h` pixels high (its card's `max-height`).
    pub fn new(view_h: f64) -> Window {
        Window {
            scroll: RwSignal::new(0.0),
            view_h,
            settled: RwSignal::new(None),
        }
    }

    /// `start..end` of `n` rows with `over` rows beyond the view on each side, following the
    /// scroll position (held within the list when it got shorter than where it was scrolled to).
    fn range(self, n: usize, over: usize) -> (usize, usize) {
        let in_view = (self.view_h / ROW_H).ceil() as usize;
        let first = ((self.scroll.get() / ROW_H).max(0.0) as usize).min(n.saturating_sub(in_view));
        let start = first.saturating_sub(over);
        let end = (first + in_view + over).min(n);
        (start, end.max(start))
    }

    /// The rows to render of `len`.
    pub fn rows(self, len: Signal<usize>) -> Memo<(usize, usize)> {
        Memo::new(move |_| self.range(len.get(), OVERSCAN))
    }

    /// As [`Window::rows`] for a list that changes on a click or a keystroke (`list`: its
    /// version): a new list's rows in view are drawn in the interaction's frame, and the
    /// overscan, out of view, once that frame is on screen ([`Window::settle`]). A third of the
    /// rows a filter brings in at 10,000 entities; their markup, style and layout were in the
    /// frame.
    pub fn rows_settling(self, len: Signal<usize>, list: Memo<u64>) -> Memo<(usize, usize)> {
        Memo::new(move |_| {
            let over = if self.settled.get() == Some(list.get()) {
                OVERSCAN
            } else {
                0
            };
            self.range(len.get(), over)
        })
    }

    /// Called once the rows of [`Window::rows_settling`] are drawn for `list`: once the frame
    /// is on screen (`web::history::after_shown`), its overscan is drawn too (unless another
    /// list came meanwhile).
    pub fn settle(self, list: u64) {
        if self.settled.get_untracked() == Some(list) {
            return;
        }
        leptos::task::spawn_local(async move {
            crate::web::history::after_shown().await;
            self.settled.try_set(Some(list));
        });
    }

    /// The card's `max-height`.
    pub fn max_height(&self) -> String {
        format!("{}px", self.view_h)
    }

    /// The card's scroll handler.
    pub fn on_scroll(self) -> impl Fn(web_sys::Event) + Copy {
        move |ev| {
            let el: web_sys::Element = event_target(&ev);
            self.scroll.set(el.scroll_top() as f64);
        }
    }
}

/// A spacer row standing in for `rows` rows (only its height changes); `node` refers to it
/// for a table that writes its rows itself between two spacers.
#[component]
pub fn Spacer(
    #[prop(into)] rows: Signal<usize>,
    #[prop(optional)] node: Option<NodeRef<leptos::html::Tr>>,
) -> impl IntoView {
    let node = node.unwrap_or_default();
    view! {
        <tr
            class="spacer"
            aria-hidden="true"
            node_ref=node
            style:height=move || format!("{}px", rows.get() as f64 * ROW_H)
        ></tr>
    }
}
