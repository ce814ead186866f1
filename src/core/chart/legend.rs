//! A time chart's legend as markup: a button per series (its colour, its name, whether it is
//! shown), written as one string, so a chart of 50 series parses its legend once instead of
//! building 50 components (7 of the 26 ms from Explore's answer to its painted chart).
//! Colours are an SVG swatch's `fill`, a presentation attribute: a strict CSP allows it, where
//! it refuses inline `style` attributes.

use std::collections::BTreeSet;

use super::Theme;
use super::{palette, ChartSeries};
use crate::core::text::push_escaped;

/// The legend of `series` (none for a single series: its title names it), the series in
/// `hidden` marked off. Each button carries its series' index in `data-i`.
pub fn legend_html(theme: Theme, series: &[ChartSeries], hidden: &BTreeSet<usize>) -> String {
    let mut out = String::new();
    if series.len() < 2 {
        return out;
    }
    let colors = palette(theme);
    for (i, s) in series.iter().enumerate() {
        let (class, pressed) = legend_item_state(!hidden.contains(&i));
        let (r, g, b) = colors.series_color(s.color);
        out.push_str(&format!(
            "<button type=\"button\" class=\"{class}\" aria-pressed=\"{pressed}\" data-i=\"{i}\" \
             title=\"Show or hide this series\"><svg class=\"swatch\" viewBox=\"0 0 10 10\" \
             aria-hidden=\"true\"><rect width=\"10\" height=\"10\" rx=\"2\" fill=\"rgb({r},{g},{b})\"/></svg>"
        ));
        push_escaped(&mut out, &s.name);
        out.push_str("</button>");
    }
    out
}

/// The class and `aria-pressed` of a legend button shown (`true`) or hidden.
pub fn legend_item_state(shown: bool) -> (&'static str, &'static str) {
    if shown {
        ("legend-item", "true")
    } else {
        ("legend-item off", "false")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, color: usize) -> ChartSeries {
        ChartSeries {
            name: name.into(),
            samples: vec![],
            color,
        }
    }

    #[test]
    fn one_button_per_series_with_its_colour_state_and_escaped_name() {
        let series = [named("good", 0), named("<b>bad</b> & \"worse\"", 1)];
        let html = legend_html(Theme::Light, &series, &BTreeSet::from([1]));
        let (r, g, b) = palette(Theme::Light).series_color(1);
        let buttons: Vec<&str> = html.split("</button>").filter(|b| !b.is_empty()).collect();
        assert_eq!(buttons.len(), 2);
        assert!(buttons[0].contains("class=\"legend-item\" aria-pressed=\"true\" data-i=\"0\""));
        assert!(buttons[0].ends_with("</svg>good"));
        assert!(
            buttons[1].contains("class=\"legend-item off\" aria-pressed=\"false\" data-i=\"1\"")
        );
        assert!(buttons[1].contains(&format!("fill=\"rgb({r},{g},{b})\"")));
        assert!(buttons[1].ends_with("</svg>&lt;b&gt;bad&lt;/b&gt; &amp; &quot;worse&quot;"));
        assert!(
            !html.contains("style"),
            "no inline style: a strict CSP refuses it"
        );
    }

    #[test]
    fn a_single_series_has_no_legend() {
        assert_eq!(
            legend_html(Theme::Dark, &[named("only", 0)], &BTreeSet::new()),
            ""
        );
        assert_eq!(legend_html(Theme::Dark, &[], &BTreeSet::new()), "");
    }

    #[test]
    fn the_state_a_click_gives_matches_the_markup() {
        let html = legend_html(
            Theme::Light,
            &[named("a", 0), named("b", 1)],
            &BTreeSet::from([0]),
        );
        for (shown, i) in [(false, 0), (true, 1)] {
            let (class, pressed) = legend_item_state(shown);
            assert!(html.contains(&format!(
                "class=\"{class}\" aria-pressed=\"{pressed}\" data-i=\"{i}\""
            )));
        }
    }
}
