//! The rate-against-target chart, drawn on the server as SVG (no script), so that the dashboard
//! and the PDF reports show the same picture.

/// One bar: a unit's name, its rate and its target, in percent.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: Option<f64>,
    pub target: Option<f64>,
}

const WIDTH: f64 = 720.0;
const LABEL: f64 = 190.0;
const ROW: f64 = 24.0;
const TOP: f64 = 28.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart: the bar is the rate (green when it reaches the target, red when not,
/// grey without a target), the black tick is the target. `caption` names what is measured.
pub fn rate_chart(caption: &str, bars: &[Bar<'_>]) -> String {
    rate_chart_with(caption, "vạch đen: chỉ tiêu", bars)
}

/// `rate_chart` with the legend of the target tick in another language (the pages in English;
/// the official reports keep the Vietnamese one).
pub fn rate_chart_with(caption: &str, target_legend: &str, bars: &[Bar<'_>]) -> String {
    let plot = WIDTH - LABEL - 60.0;
    let height = TOP + ROW * bars.len() as f64 + 24.0;
    let scale = bars
        .iter()
        .flat_map(|b| [b.value.unwrap_or(0.0), b.target.unwrap_or(0.0)])
        .fold(0.0f64, f64::max)
        .clamp(10.0, 100.0);
    let x = |percent: f64| LABEL + plot * (percent.clamp(0.0, scale) / scale);
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape(caption)
    );
    svg.push_str(&format!(
        "<text x=\"{LABEL}\" y=\"16\" font-size=\"12\" fill=\"#5b6675\">{} (%; {})</text>\n",
        escape(caption),
        escape(target_legend)
    ));
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let color = color_of(bar);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>\n",
            LABEL - 6.0,
            y + 15.0,
            escape(bar.label)
        ));
        if let Some(value) = bar.value {
            svg.push_str(&format!(
                "<rect x=\"{LABEL}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"{color}\"/>\n",
                y + 4.0,
                x(value) - LABEL,
                ROW - 8.0
            ));
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\">{}</text>\n",
                x(value) + 4.0,
                y + 15.0,
                format_percent(value)
            ));
        }
        if let Some(target) = bar.target {
            svg.push_str(&format!(
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#1c2430\" stroke-width=\"2\"/>\n",
                x(target),
                y + 1.0,
                y + ROW - 1.0
            ));
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// The same chart for a phone: each unit's name on its own line above its bar, drawn on a canvas
/// as wide as a phone's screen so that its text stays at reading size (the wide chart, scaled to
/// 360 px, prints its labels about 5 px high).
pub fn rate_chart_narrow_with(caption: &str, target_legend: &str, bars: &[Bar<'_>]) -> String {
    const NARROW: f64 = 340.0;
    const ROW_NARROW: f64 = 44.0;
    const RIGHT: f64 = 58.0;
    let plot = NARROW - RIGHT;
    let height = TOP + ROW_NARROW * bars.len() as f64 + 8.0;
    let scale = bars
        .iter()
        .flat_map(|b| [b.value.unwrap_or(0.0), b.target.unwrap_or(0.0)])
        .fold(0.0f64, f64::max)
        .clamp(10.0, 100.0);
    let x = |percent: f64| plot * (percent.clamp(0.0, scale) / scale);
    let mut svg = format!(
        "<svg class=\"chart narrow\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {NARROW} {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape(caption)
    );
    svg.push_str(&format!(
        "<text x=\"0\" y=\"16\" font-size=\"13\" fill=\"#5b6675\">{} (%; {})</text>\n",
        escape(caption),
        escape(target_legend)
    ));
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW_NARROW * i as f64;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"14\">{}</text>\n",
            y + 14.0,
            escape(bar.label)
        ));
        if let Some(value) = bar.value {
            svg.push_str(&format!(
                "<rect x=\"0\" y=\"{}\" width=\"{:.1}\" height=\"16\" fill=\"{}\"/>\n",
                y + 20.0,
                x(value),
                color_of(bar)
            ));
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"13\">{}</text>\n",
                x(value) + 4.0,
                y + 33.0,
                format_percent(value)
            ));
        }
        if let Some(target) = bar.target {
            svg.push_str(&format!(
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#1c2430\" stroke-width=\"2\"/>\n",
                x(target),
                y + 17.0,
                y + 39.0
            ));
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// Green when the rate reaches the target, red when not, grey without a target.
fn color_of(bar: &Bar<'_>) -> &'static str {
    match (bar.value, bar.target) {
        (Some(v), Some(t)) if (v * 100.0).round() >= (t * 100.0).round() => "#2e8b57",
        (Some(_), Some(_)) => "#c0392b",
        _ => "#8a94a3",
    }
}

/// A percentage as Vietnamese write it: two decimals, decimal comma ("35,09").
pub fn format_percent(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_draws_a_bar_and_a_target_tick_per_unit_and_escapes_names() {
        let svg = rate_chart(
            "Tỷ lệ vào GDNN",
            &[
                Bar {
                    label: "Tân An",
                    value: Some(36.0),
                    target: Some(35.09),
                },
                Bar {
                    label: "A & B",
                    value: Some(10.0),
                    target: Some(32.98),
                },
                Bar {
                    label: "Mộc Hóa",
                    value: None,
                    target: None,
                },
            ],
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert_eq!(svg.matches("<line").count(), 2);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("#2e8b57") && svg.contains("#c0392b"));
        assert!(svg.contains("36,00"));
    }

    #[test]
    fn percentages_use_the_vietnamese_decimal_comma() {
        assert_eq!(format_percent(27.92), "27,92");
        assert_eq!(format_percent(100.0), "100,00");
    }
}
