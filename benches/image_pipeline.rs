//! The image pipeline's cost: processing time and peak memory for a generated
//! 12-megapixel (4000×3000) JPEG. A harness that prints figures, not a test:
//!
//!     cargo bench --features ssr --bench image_pipeline

use std::time::Instant;

use isntgram::media::pipeline::{Limits, Shape, process};

// The test images the pipeline's tests use. `pub`: this harness needs only the JPEG.
#[path = "../src/media/fixtures.rs"]
pub mod fixtures;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn vm_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reset the peak-RSS counter (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_hwm() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn main() {
    let (w, h) = (4000u32, 3000u32);
    let jpeg = fixtures::jpeg(w, h);
    println!(
        "input: {w}x{h} JPEG, {:.1} MB",
        jpeg.len() as f64 / 1_000_000.0
    );

    let reset = reset_hwm();
    let baseline = vm_rss_kib().unwrap_or(0);
    let limits = Limits::default();
    for run in 1..=3 {
        let start = Instant::now();
        let out = process(&jpeg, &limits, Shape::AsIs).expect("process");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let sizes: Vec<String> = out
            .variants
            .iter()
            .map(|v| format!("{}x{}={}KB", v.width, v.height, v.bytes.len() / 1000))
            .collect();
        println!("run {run}: {ms:.0} ms  [{}]", sizes.join(", "));
    }
    let start = Instant::now();
    let out = process(&jpeg, &limits, Shape::Square).expect("process square");
    println!(
        "square avatar: {:.0} ms ({} variants)",
        start.elapsed().as_secs_f64() * 1000.0,
        out.variants.len()
    );
    let hwm = vm_hwm_kib().unwrap_or(0);
    println!(
        "peak RSS (VmHWM): {:.1} MB{}; RSS before processing {:.1} MB",
        hwm as f64 / 1024.0,
        if reset {
            " (reset after generating the input)"
        } else {
            " (includes input generation)"
        },
        baseline as f64 / 1024.0
    );
}
