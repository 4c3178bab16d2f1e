//! Photos for demo data, drawn here rather than downloaded: a sky with a sun over
//! layered hills, or soft out-of-focus lights, with film-like grain. Every picture then
//! goes through the real pipeline (`media::pipeline::process`) like an upload.

use image::ImageEncoder;
use image::codecs::jpeg::JpegEncoder;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A drawn photo, JPEG-encoded as a camera would hand it over, and its description.
pub struct DrawnPhoto {
    pub jpeg: Vec<u8>,
    pub alt_text: String,
}

type Rgb = [f32; 3];

/// A colour from hue (0–360), saturation and lightness (0–1).
fn hsl(h: f32, s: f32, l: f32) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 % 6 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

const TIMES: [(&str, f32); 4] = [
    ("at dawn", 330.0),
    ("at noon", 200.0),
    ("at sunset", 20.0),
    ("at dusk", 260.0),
];

/// Draws one photo of `width` × `height`.
pub fn draw(rng: &mut ChaCha8Rng, width: u32, height: u32) -> DrawnPhoto {
    let (w, h) = (width as usize, height as usize);
    let mut pixels = vec![[0f32; 3]; w * h];
    let alt_text = if rng.random_bool(0.6) {
        landscape(rng, &mut pixels, w, h)
    } else {
        lights(rng, &mut pixels, w, h)
    };
    // Grain, so the encoder has texture to keep (and the picture looks photographed).
    let mut rgb = Vec::with_capacity(w * h * 3);
    for pixel in &pixels {
        let grain: f32 = rng.random_range(-7.0..7.0);
        for channel in pixel {
            rgb.push((channel + grain).clamp(0.0, 255.0) as u8);
        }
    }
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 88)
        .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
        .expect("encoding a drawn photo to memory cannot fail");
    DrawnPhoto { jpeg, alt_text }
}

/// Sky gradient, a sun, and three ridges of hills, each paler with distance.
fn landscape(rng: &mut ChaCha8Rng, pixels: &mut [Rgb], w: usize, h: usize) -> String {
    let (time, hue) = TIMES[rng.random_range(0..TIMES.len())];
    let hue = (hue + rng.random_range(-20.0..20.0) + 360.0) % 360.0;
    let top = hsl(hue, 0.55, 0.35);
    let bottom = hsl((hue + 40.0) % 360.0, 0.75, 0.78);
    let (sun_x, sun_y) = (
        rng.random_range(0.15..0.85) * w as f32,
        rng.random_range(0.15..0.45) * h as f32,
    );
    let sun_r = rng.random_range(0.05..0.12) * w as f32;
    let sun = hsl((hue + 50.0) % 360.0, 0.9, 0.9);
    for y in 0..h {
        let sky = mix(top, bottom, y as f32 / h as f32);
        for x in 0..w {
            let d = ((x as f32 - sun_x).powi(2) + (y as f32 - sun_y).powi(2)).sqrt();
            // A soft edge and a glow around the disc.
            let disc = ((sun_r - d) / 3.0).clamp(0.0, 1.0);
            let glow = (1.0 - d / (sun_r * 4.0)).clamp(0.0, 1.0).powi(2) * 0.35;
            pixels[y * w + x] = mix(mix(sky, sun, glow), sun, disc);
        }
    }
    let ground_hue = if rng.random_bool(0.5) { 140.0 } else { 250.0 };
    for layer in 0..3 {
        let base = (0.55 + 0.13 * layer as f32) * h as f32;
        let colour = hsl(
            (ground_hue + layer as f32 * 8.0) % 360.0,
            0.35,
            0.42 - 0.11 * layer as f32,
        );
        let colour = mix(colour, bottom, 0.35 - 0.1 * layer as f32);
        let waves: Vec<(f32, f32, f32)> = (0..3)
            .map(|_| {
                (
                    rng.random_range(1.0..5.0),
                    rng.random_range(0.0..std::f32::consts::TAU),
                    rng.random_range(0.02..0.06) * h as f32,
                )
            })
            .collect();
        for x in 0..w {
            let t = x as f32 / w as f32 * std::f32::consts::TAU;
            let ridge = base
                + waves
                    .iter()
                    .map(|(f, p, a)| (t * f + p).sin() * a)
                    .sum::<f32>();
            let start = ridge.max(0.0) as usize;
            for y in start.min(h)..h {
                // Lighter at the ridge line, as if lit from the sky.
                let lit = (1.0 - (y as f32 - ridge) / (h as f32 * 0.3)).clamp(0.0, 1.0) * 0.12;
                pixels[y * w + x] = mix(colour, bottom, lit);
            }
        }
    }
    format!("Rolling hills {time} under a glowing sun")
}

/// Out-of-focus lights: soft discs of colour over a dark gradient.
fn lights(rng: &mut ChaCha8Rng, pixels: &mut [Rgb], w: usize, h: usize) -> String {
    let hue = rng.random_range(0.0..360.0f32);
    let top = hsl(hue, 0.45, 0.12);
    let bottom = hsl((hue + 60.0) % 360.0, 0.5, 0.25);
    for y in 0..h {
        let colour = mix(top, bottom, y as f32 / h as f32);
        pixels[y * w..(y + 1) * w].fill(colour);
    }
    let count = rng.random_range(14..30);
    for _ in 0..count {
        let (cx, cy) = (
            rng.random_range(0.0..w as f32),
            rng.random_range(0.0..h as f32),
        );
        let r = rng.random_range(0.03..0.12) * w as f32;
        let colour = hsl(
            (hue + rng.random_range(-50.0..50.0) + 360.0) % 360.0,
            0.8,
            0.65,
        );
        let strength = rng.random_range(0.25..0.6);
        let (x0, x1) = ((cx - r).max(0.0) as usize, ((cx + r) as usize).min(w));
        let (y0, y1) = ((cy - r).max(0.0) as usize, ((cy + r) as usize).min(h));
        for y in y0..y1 {
            for x in x0..x1 {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                let t = ((r - d) / (r * 0.15)).clamp(0.0, 1.0) * strength;
                let pixel = &mut pixels[y * w + x];
                *pixel = mix(*pixel, colour, t);
            }
        }
    }
    "Soft, out-of-focus city lights at night".to_owned()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_photo_and_the_pipeline_accepts_it() {
        let first = draw(&mut ChaCha8Rng::seed_from_u64(7), 120, 90);
        let again = draw(&mut ChaCha8Rng::seed_from_u64(7), 120, 90);
        let other = draw(&mut ChaCha8Rng::seed_from_u64(8), 120, 90);
        assert!(first.jpeg == again.jpeg && first.jpeg != other.jpeg);
        let processed = crate::media::pipeline::process(
            &first.jpeg,
            &crate::media::pipeline::Limits::default(),
            crate::media::pipeline::Shape::AsIs,
        )
        .expect("a drawn photo is a valid upload");
        assert_eq!((processed.width, processed.height), (120, 90));
    }
}
