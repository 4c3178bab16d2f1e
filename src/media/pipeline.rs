//! Image upload pipeline: sniff, validate, decode, orient, crop, resize,
//! re-encode and build a blurred placeholder.
//!
//! Everything here is pure, synchronous and CPU-bound. Call [`process`] from a
//! blocking thread (e.g. `tokio::task::spawn_blocking`), never directly on an
//! async executor thread.
//!
//! Privacy: every output is re-encoded from raw pixels, so nothing from the
//! upload's metadata (EXIF incl. GPS, XMP, ICC, comments) can survive.

use std::fmt;
use std::io::Cursor;

use base64::Engine as _;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use crate::media::Frame;

/// Longest side of the full-size variant of a post.
pub const FULL_MAX_SIDE: u32 = 2048;
/// Extra widths generated for `srcset` (only those smaller than the full width): 750
/// is what a phone's screen needs for a photo across it (about 412 CSS pixels at a
/// device pixel ratio near 1.75), 320 a grid tile's third of it.
pub const SRCSET_WIDTHS: [u32; 3] = [1080, 750, 320];
/// Side of the full-size variant of an avatar.
pub const AVATAR_MAX_SIDE: u32 = 640;
/// Extra avatar sides (only those smaller than the full side).
pub const AVATAR_SIDES: [u32; 2] = [320, 150];
/// Longest side of the placeholder thumbnail.
pub const PLACEHOLDER_MAX_SIDE: u32 = 16;
/// Lossy WebP quality (0–100).
pub const WEBP_QUALITY: f32 = 82.0;

const MB: usize = 1_000_000;
const MEGAPIXEL: u64 = 1_000_000;

/// Upload limits. Sizes are decimal megabytes, as people read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of the uploaded file in bytes.
    pub max_bytes: usize,
    /// Maximum `width * height` of the decoded image.
    pub max_pixels: u64,
    /// Maximum width or height of the decoded image.
    pub max_dimension: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 15 * MB,
            max_pixels: 50 * MEGAPIXEL,
            max_dimension: 12_000,
        }
    }
}

/// What to do with the image's aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Keep the aspect ratio (posts).
    #[default]
    AsIs,
    /// Centre-crop to a square (avatars).
    Square,
    /// A post centre-cropped to a frame, as its author chose before sharing.
    Framed(Frame),
}

/// The largest rectangle of `ratio` (width : height) in the middle of the image.
fn centre_crop(width: u32, height: u32, (ratio_w, ratio_h): (u64, u64)) -> CropRect {
    let (w, h) = (u64::from(width), u64::from(height));
    if w * ratio_h > h * ratio_w {
        // Too wide: keep the height.
        let crop_w = (h * ratio_w / ratio_h).max(1) as u32;
        CropRect {
            left: (width - crop_w) / 2,
            top: 0,
            width: crop_w,
            height,
        }
    } else {
        let crop_h = (w * ratio_h / ratio_w).max(1) as u32;
        CropRect {
            left: 0,
            top: (height - crop_h) / 2,
            width,
            height: crop_h,
        }
    }
}

/// Result of [`process`].
#[derive(Debug, Clone)]
pub struct Processed {
    /// Width of the full-size variant, after orientation and cropping.
    pub width: u32,
    /// Height of the full-size variant, after orientation and cropping.
    pub height: u32,
    /// Smallest first; the last one is the full-size variant.
    pub variants: Vec<Variant>,
    /// `data:image/png;base64,...` URI of a tiny blurred thumbnail.
    pub placeholder: String,
}

/// One encoded size of the image.
#[derive(Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
}

impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("bytes", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Why an upload was refused. `Display` gives a message meant for the person
/// who uploaded the file; `Debug` keeps technical detail for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Zero bytes.
    #[error("This file is empty.")]
    Empty,
    /// The file is bigger than [`Limits::max_bytes`].
    #[error("The file is {} MB; the limit is {} MB.", format_size_mb(*.size), format_limit(*.limit as u64, MB as u64))]
    TooLarge { size: usize, limit: usize },
    /// Not JPEG, PNG or WebP (judged from the bytes, never from the name).
    #[error("Isntgram accepts JPEG, PNG and WebP images.")]
    UnsupportedFormat,
    /// `width * height` is over [`Limits::max_pixels`].
    #[error("This image is {width}×{height} pixels; the limit is {} megapixels.", format_limit(*.limit, MEGAPIXEL))]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// A side is longer than [`Limits::max_dimension`].
    #[error(
        "This image is {width}×{height} pixels; neither side may be longer than {limit} pixels."
    )]
    DimensionTooLarge { width: u32, height: u32, limit: u32 },
    /// The header or pixel data can't be read. The string is for logs.
    #[error("This image is damaged or incomplete and can't be read.")]
    Corrupt(String),
    /// Encoding an output failed (should not happen). The string is for logs.
    #[error("Something went wrong while saving this image. Please try again.")]
    Encode(String),
}

/// `size` in MB with one decimal, rounded up so that a file just over the
/// limit never reads as equal to it ("15.1 MB", not "15.0 MB").
fn format_size_mb(size: usize) -> String {
    let tenths = size.div_ceil(MB / 10);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A limit in `unit`s: an integer when whole ("15"), else one decimal ("2.5").
fn format_limit(value: u64, unit: u64) -> String {
    if value.is_multiple_of(unit) {
        (value / unit).to_string()
    } else {
        let tenths = (value * 10 + unit / 2) / unit;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Content type of an accepted image, sniffed from its magic number.
/// `None` for anything that is not JPEG, PNG or WebP.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    sniff_format(bytes).map(|f| match f {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        _ => "image/webp",
    })
}

fn sniff_format(bytes: &[u8]) -> Option<ImageFormat> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Some(f),
        _ => None,
    }
}

/// Validate, decode, orient, (crop,) resize and re-encode an uploaded image.
pub fn process(bytes: &[u8], limits: &Limits, shape: Shape) -> Result<Processed, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ImageError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let format = sniff_format(bytes).ok_or(ImageError::UnsupportedFormat)?;
    if format == ImageFormat::Jpeg && jpeg_is_truncated(bytes) {
        return Err(ImageError::Corrupt(
            "JPEG ends before its EOI marker".into(),
        ));
    }

    let src = decode(bytes, format, limits)?;
    let (crop, side_limit) = match shape {
        Shape::AsIs => (None, FULL_MAX_SIDE),
        Shape::Framed(frame) => (
            Some(centre_crop(src.width, src.height, frame.ratio())),
            FULL_MAX_SIDE,
        ),
        Shape::Square => {
            let s = src.width.min(src.height);
            let crop = CropRect {
                left: (src.width - s) / 2,
                top: (src.height - s) / 2,
                width: s,
                height: s,
            };
            (Some(crop), AVATAR_MAX_SIDE)
        }
    };
    let (crop_w, crop_h) = crop.map_or((src.width, src.height), |c| (c.width, c.height));
    let (full_w, full_h) = fit_within(crop_w, crop_h, side_limit);

    // fast_image_resize rather than `image::imageops::resize`: it is SIMD
    // (SSE4.1/AVX2/NEON) convolution, roughly an order of magnitude faster on
    // multi-megapixel photos, and it resizes RGBA in premultiplied alpha so
    // transparent edges don't get dark fringes. Lanczos3 keeps downscaled
    // photos sharp without visible ringing.
    let mut resizer = Resizer::new();
    let full = if (full_w, full_h) == (crop_w, crop_h) {
        match crop {
            None => src,
            Some(c) => src.crop(c),
        }
    } else {
        resize(&mut resizer, &src, crop, full_w, full_h)?
    };
    // `src` has been consumed or is dropped here, freeing the decoded
    // full-resolution buffer before we encode.

    let smaller: Vec<(u32, u32)> = match shape {
        Shape::AsIs | Shape::Framed(_) => SRCSET_WIDTHS
            .iter()
            .rev()
            .filter(|&&w| w < full_w)
            .map(|&w| (w, scaled(full_h, w, full_w)))
            .collect(),
        Shape::Square => AVATAR_SIDES
            .iter()
            .rev()
            .filter(|&&s| s < full_w)
            .map(|&s| (s, s))
            .collect(),
    };

    let mut variants = Vec::with_capacity(smaller.len() + 1);
    // Smaller variants come from the full-size pixels (≤ 2048 px), not the
    // original: much cheaper and visually identical after Lanczos3.
    for (w, h) in smaller {
        let px = resize(&mut resizer, &full, None, w, h)?;
        variants.push(encode_webp(&px)?);
    }
    variants.push(encode_webp(&full)?);

    let (pw, ph) = fit_within(full.width, full.height, PLACEHOLDER_MAX_SIDE);
    let tiny = resize(&mut resizer, &full, None, pw, ph)?;
    let placeholder = placeholder_uri(tiny)?;

    Ok(Processed {
        width: full.width,
        height: full.height,
        variants,
        placeholder,
    })
}

/// Decoded 8-bit pixels, RGB or RGBA.
struct Pixels {
    width: u32,
    height: u32,
    alpha: bool,
    data: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
struct CropRect {
    left: u32,
    top: u32,
    width: u32,
    height: u32,
}

impl Pixels {
    fn channels(&self) -> usize {
        if self.alpha { 4 } else { 3 }
    }

    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    fn crop(&self, c: CropRect) -> Pixels {
        let ch = self.channels();
        let stride = self.width as usize * ch;
        let row_len = c.width as usize * ch;
        let mut data = Vec::with_capacity(row_len * c.height as usize);
        for y in c.top..c.top + c.height {
            let start = y as usize * stride + c.left as usize * ch;
            data.extend_from_slice(&self.data[start..start + row_len]);
        }
        Pixels {
            width: c.width,
            height: c.height,
            alpha: self.alpha,
            data,
        }
    }
}

/// True when a JPEG's marker structure runs out before its EOI marker, i.e.
/// the upload was cut off. The JPEG decoder (zune-jpeg, lenient as `image`
/// configures it) would otherwise "succeed" and fill the missing rows with
/// grey. Anything after EOI is ignored (some phones append data there), and
/// a structure this walk doesn't understand is left to the decoder to judge.
fn jpeg_is_truncated(b: &[u8]) -> bool {
    let mut i = 2; // after SOI
    let mut in_scan = false;
    while i + 1 < b.len() {
        if in_scan {
            // Entropy-coded data: 0xFF is followed by 0x00 (stuffing), a
            // restart marker, or fill; anything else ends the scan.
            match b[i..].iter().position(|&x| x == 0xFF) {
                None => return true,
                Some(p) => i += p,
            }
            match b.get(i + 1) {
                None => return true,
                Some(0x00 | 0xD0..=0xD7 | 0xFF) => i += 1,
                Some(_) => in_scan = false,
            }
            continue;
        }
        if b[i] != 0xFF {
            return false;
        }
        match b[i + 1] {
            0xFF => i += 1,               // fill byte
            0xD9 => return false,         // EOI: complete
            0x01 | 0xD0..=0xD7 => i += 2, // markers without a length
            marker => {
                let Some(len) = b.get(i + 2..i + 4) else {
                    return true;
                };
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                if len < 2 {
                    return false;
                }
                i += 2 + len;
                in_scan = marker == 0xDA; // SOS: entropy-coded data follows
            }
        }
    }
    true
}

fn corrupt(e: impl fmt::Display) -> ImageError {
    ImageError::Corrupt(e.to_string())
}

fn decode(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<Pixels, ImageError> {
    // Decoded buffers are at most 8 bytes per pixel (16-bit RGBA); the slack
    // covers decoder-internal allocations (metadata chunks, scratch rows).
    let mut decode_limits = image::Limits::default();
    decode_limits.max_alloc = Some(
        limits
            .max_pixels
            .saturating_mul(8)
            .saturating_add(64 * MB as u64),
    );
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decode_limits.clone());
    // Creating the decoder parses only the header: no pixel buffer yet.
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| map_decode_error(e, None))?;

    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt(format!(
            "zero dimension {width}x{height}"
        )));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    if width > limits.max_dimension || height > limits.max_dimension {
        return Err(ImageError::DimensionTooLarge {
            width,
            height,
            limit: limits.max_dimension,
        });
    }

    // A broken EXIF block shouldn't reject an otherwise fine photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    decode_limits.max_image_width = Some(limits.max_dimension);
    decode_limits.max_image_height = Some(limits.max_dimension);
    decoder
        .set_limits(decode_limits)
        .map_err(|e| map_decode_error(e, Some((width, height, limits.max_pixels))))?;

    let mut img = DynamicImage::from_decoder(decoder)
        .map_err(|e| map_decode_error(e, Some((width, height, limits.max_pixels))))?;
    img.apply_orientation(orientation);
    Ok(into_pixels(img))
}

fn map_decode_error(e: image::ImageError, dims: Option<(u32, u32, u64)>) -> ImageError {
    match e {
        image::ImageError::Unsupported(_) => ImageError::UnsupportedFormat,
        image::ImageError::Limits(_) => match dims {
            Some((width, height, limit)) => ImageError::TooManyPixels {
                width,
                height,
                limit,
            },
            None => corrupt(e),
        },
        other => corrupt(other),
    }
}

/// Flatten to 8-bit RGB, or RGBA when there is real transparency.
fn into_pixels(img: DynamicImage) -> Pixels {
    let (width, height) = (img.width(), img.height());
    if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        if rgba.pixels().any(|p| p.0[3] != 255) {
            return Pixels {
                width,
                height,
                alpha: true,
                data: rgba.into_raw(),
            };
        }
        // Fully opaque: drop the alpha channel (smaller, faster to encode).
        let data = rgba
            .into_raw()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        return Pixels {
            width,
            height,
            alpha: false,
            data,
        };
    }
    Pixels {
        width,
        height,
        alpha: false,
        data: img.into_rgb8().into_raw(),
    }
}

/// `value * num / den`, rounded, at least 1.
fn scaled(value: u32, num: u32, den: u32) -> u32 {
    let v = (u64::from(value) * u64::from(num) + u64::from(den) / 2) / u64::from(den);
    (v as u32).max(1)
}

/// Size that fits `w × h` within `max_side` on its longest side. Never upscales.
fn fit_within(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    if w.max(h) <= max_side {
        (w, h)
    } else if w >= h {
        (max_side, scaled(h, max_side, w))
    } else {
        (scaled(w, max_side, h), max_side)
    }
}

fn resize(
    resizer: &mut Resizer,
    src: &Pixels,
    crop: Option<CropRect>,
    width: u32,
    height: u32,
) -> Result<Pixels, ImageError> {
    let pixel_type = src.pixel_type();
    let src_view = ImageRef::new(src.width, src.height, &src.data, pixel_type)
        .map_err(|e| ImageError::Encode(format!("resize source: {e}")))?;
    let mut dst = Image::new(width, height, pixel_type);
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some(c) = crop {
        options = options.crop(
            f64::from(c.left),
            f64::from(c.top),
            f64::from(c.width),
            f64::from(c.height),
        );
    }
    resizer
        .resize(&src_view, &mut dst, &options)
        .map_err(|e| ImageError::Encode(format!("resize: {e}")))?;
    Ok(Pixels {
        width,
        height,
        alpha: src.alpha,
        data: dst.into_vec(),
    })
}

fn encode_webp(px: &Pixels) -> Result<Variant, ImageError> {
    let encoder = if px.alpha {
        webp::Encoder::from_rgba(&px.data, px.width, px.height)
    } else {
        webp::Encoder::from_rgb(&px.data, px.width, px.height)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| ImageError::Encode("WebPConfig::new".into()))?;
    config.quality = WEBP_QUALITY;
    config.method = 4; // libwebp's default speed/size trade-off
    config.alpha_compression = 1;
    let mem = encoder
        .encode_advanced(&config)
        .map_err(|e| ImageError::Encode(format!("webp: {e:?}")))?;
    Ok(Variant {
        width: px.width,
        height: px.height,
        bytes: mem.to_vec(),
        content_type: "image/webp",
        extension: "webp",
    })
}

/// Blur the tiny thumbnail a little (it is shown stretched, and smooth data
/// compresses better), then encode it as a PNG data URI.
fn placeholder_uri(tiny: Pixels) -> Result<String, ImageError> {
    const SIGMA: f32 = 0.8;
    let (w, h) = (tiny.width, tiny.height);
    let (data, color) = if tiny.alpha {
        let buf = image::RgbaImage::from_raw(w, h, tiny.data)
            .ok_or_else(|| ImageError::Encode("placeholder buffer".into()))?;
        (
            image::imageops::blur(&buf, SIGMA).into_raw(),
            image::ExtendedColorType::Rgba8,
        )
    } else {
        let buf = image::RgbImage::from_raw(w, h, tiny.data)
            .ok_or_else(|| ImageError::Encode("placeholder buffer".into()))?;
        (
            image::imageops::blur(&buf, SIGMA).into_raw(),
            image::ExtendedColorType::Rgb8,
        )
    };
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Best, PngFilter::Adaptive)
        .write_image(&data, w, h, color)
        .map_err(|e| ImageError::Encode(format!("placeholder png: {e}")))?;
    let mut uri = String::from("data:image/png;base64,");
    base64::engine::general_purpose::STANDARD.encode_string(&png, &mut uri);
    Ok(uri)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::fixtures::{
        contains, encode_jpeg, encode_png, exif_tiff, huge_png, jpeg, photo_rgb,
        splice_exif_into_jpeg,
    };
    use std::time::{Duration, Instant};

    // ---- helpers -------------------------------------------------------

    fn decode_output(v: &Variant) -> DynamicImage {
        assert_eq!(sniff(&v.bytes), Some("image/webp"));
        image::load_from_memory_with_format(&v.bytes, ImageFormat::WebP).unwrap()
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        c.extend_from_slice(&body);
        c.extend_from_slice(&crc32(&body).to_be_bytes());
        c
    }

    /// 40×20 landscape: left half red, right half blue.
    fn red_blue_40x20() -> Vec<u8> {
        let mut rgb = Vec::new();
        for _y in 0..20 {
            for x in 0..40 {
                rgb.extend_from_slice(if x < 20 { &[255, 0, 0] } else { &[0, 0, 255] });
            }
        }
        rgb
    }

    fn assert_red(px: [u8; 4]) {
        assert!(px[0] > 180 && px[2] < 80, "expected red, got {px:?}");
    }

    fn assert_blue(px: [u8; 4]) {
        assert!(px[2] > 180 && px[0] < 80, "expected blue, got {px:?}");
    }

    /// After orientation 6 (rotate 90° clockwise) the red left half of the
    /// stored 40×20 image must be on top of a 20×40 portrait.
    fn assert_rotated_portrait(p: &Processed) {
        assert_eq!((p.width, p.height), (20, 40));
        let full = p.variants.last().unwrap();
        assert_eq!((full.width, full.height), (20, 40));
        let img = decode_output(full).into_rgba8();
        assert_eq!(img.dimensions(), (20, 40));
        assert_red(img.get_pixel(10, 5).0);
        assert_blue(img.get_pixel(10, 34).0);
    }

    fn assert_no_metadata(bytes: &[u8]) {
        for marker in [&b"Exif"[..], b"EXIF", b"ICCP", b"XMP ", b"eXIf", b"GPS"] {
            assert!(!contains(bytes, marker), "output contains {marker:?}");
        }
    }

    // ---- sniffing and refusals ----------------------------------------

    #[test]
    fn sniff_recognises_only_accepted_types() {
        let j = jpeg(8, 8);
        assert_eq!(sniff(&j), Some("image/jpeg"));
        assert_eq!(sniff(&encode_png(&[0; 4 * 4], 2, 2)), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), None);
        assert_eq!(sniff(b"<!DOCTYPE html><html></html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn empty_file() {
        let e = process(&[], &Limits::default(), Shape::AsIs).unwrap_err();
        assert_eq!(e, ImageError::Empty);
        assert_eq!(e.to_string(), "This file is empty.");
    }

    #[test]
    fn too_large_is_refused_before_sniffing() {
        let bytes = vec![0u8; 16_200_000];
        let e = process(&bytes, &Limits::default(), Shape::AsIs).unwrap_err();
        assert_eq!(
            e,
            ImageError::TooLarge {
                size: 16_200_000,
                limit: 15_000_000
            }
        );
        assert_eq!(e.to_string(), "The file is 16.2 MB; the limit is 15 MB.");
    }

    #[test]
    fn size_message_formatting() {
        let msg = |size, limit| ImageError::TooLarge { size, limit }.to_string();
        // Just over the limit never reads as equal to it.
        assert_eq!(
            msg(15_000_001, 15_000_000),
            "The file is 15.1 MB; the limit is 15 MB."
        );
        assert_eq!(
            msg(3_000_000, 2_500_000),
            "The file is 3.0 MB; the limit is 2.5 MB."
        );
    }

    #[test]
    fn html_renamed_jpg_gif_and_garbage_are_unsupported() {
        let msg = "Isntgram accepts JPEG, PNG and WebP images.";
        for bytes in [
            &b"<!DOCTYPE html><html><body>hi</body></html>"[..],
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            b"just some text",
            b"%PDF-1.7",
        ] {
            let e = process(bytes, &Limits::default(), Shape::AsIs).unwrap_err();
            assert_eq!(e, ImageError::UnsupportedFormat);
            assert_eq!(e.to_string(), msg);
        }
    }

    #[test]
    fn corrupt_images() {
        let msg = "This image is damaged or incomplete and can't be read.";
        // JPEG magic followed by garbage.
        let mut fake_jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake_jpeg.extend_from_slice(&[0x13; 200]);
        // PNG cut off in the middle of its pixel data.
        let good_png = encode_png(
            &photo_rgb(64, 64)
                .chunks(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect::<Vec<_>>(),
            64,
            64,
        );
        let truncated_png = good_png[..good_png.len() / 2].to_vec();
        // PNG signature only.
        let bare_png = b"\x89PNG\r\n\x1a\n".to_vec();
        // JPEGs cut off in the header, mid-scan and just before EOI.
        let good_jpeg = jpeg(64, 64);
        let jpeg_cuts =
            [100, good_jpeg.len() / 2, good_jpeg.len() - 2].map(|n| good_jpeg[..n].to_vec());
        // WebP cut off mid-bitstream.
        let good_webp = webp::Encoder::from_rgb(&photo_rgb(64, 64), 64, 64).encode(90.0);
        let truncated_webp = good_webp[..good_webp.len() / 2].to_vec();
        let [j1, j2, j3] = jpeg_cuts;
        for bytes in [
            fake_jpeg,
            truncated_png,
            bare_png,
            j1,
            j2,
            j3,
            truncated_webp,
        ] {
            let e = process(&bytes, &Limits::default(), Shape::AsIs).unwrap_err();
            assert!(matches!(e, ImageError::Corrupt(_)), "{e:?}");
            assert_eq!(e.to_string(), msg);
        }
    }

    /// A real 30000×30000 1-bit PNG (under 200 KB on disk, 900 MP) is refused from
    /// its header, quickly and without allocating its pixels.
    #[test]
    fn decompression_bomb_png_is_refused_fast() {
        let bomb = huge_png(30_000, 30_000);
        assert!(bomb.len() < 200_000, "bomb is {} bytes", bomb.len());

        let start = Instant::now();
        let e = process(&bomb, &Limits::default(), Shape::AsIs).unwrap_err();
        let took = start.elapsed();
        assert_eq!(
            e,
            ImageError::TooManyPixels {
                width: 30_000,
                height: 30_000,
                limit: 50_000_000
            }
        );
        assert_eq!(
            e.to_string(),
            "This image is 30000×30000 pixels; the limit is 50 megapixels."
        );
        assert!(took < Duration::from_millis(200), "took {took:?}");
    }

    /// Header-only PNG claiming 60000×60000: refused from IHDR alone.
    #[test]
    fn png_header_claiming_huge_size_is_refused() {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = 60_000u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&60_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
        bytes.extend(png_chunk(b"IHDR", &ihdr));
        bytes.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0, 0, 0, 1]));
        bytes.extend(png_chunk(b"IEND", &[]));
        let e = process(&bytes, &Limits::default(), Shape::AsIs).unwrap_err();
        assert!(
            matches!(
                e,
                ImageError::TooManyPixels {
                    width: 60_000,
                    height: 60_000,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn side_longer_than_max_dimension_is_refused() {
        let (w, h) = (13_000u32, 10u32);
        let rgba = vec![200u8; (w * h * 4) as usize];
        let e = process(&encode_png(&rgba, w, h), &Limits::default(), Shape::AsIs).unwrap_err();
        assert_eq!(
            e,
            ImageError::DimensionTooLarge {
                width: 13_000,
                height: 10,
                limit: 12_000
            }
        );
        assert_eq!(
            e.to_string(),
            "This image is 13000×10 pixels; neither side may be longer than 12000 pixels."
        );
    }

    #[test]
    fn megapixel_limit_message_with_fraction() {
        let e = ImageError::TooManyPixels {
            width: 5000,
            height: 4000,
            limit: 12_500_000,
        };
        assert_eq!(
            e.to_string(),
            "This image is 5000×4000 pixels; the limit is 12.5 megapixels."
        );
    }

    // ---- happy paths ---------------------------------------------------

    #[test]
    fn photo_3000x2000_gets_srcset_variants() {
        let (w, h) = (3000, 2000);
        let input = jpeg(w, h);
        let p = process(&input, &Limits::default(), Shape::AsIs).unwrap();
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(320, 213), (750, 500), (1080, 720), (2048, 1365)]);
        assert_eq!((p.width, p.height), (2048, 1365));
        for v in &p.variants {
            assert_eq!(v.content_type, "image/webp");
            assert_eq!(v.extension, "webp");
            let img = decode_output(v);
            assert_eq!((img.width(), img.height()), (v.width, v.height));
            assert_no_metadata(&v.bytes);
        }
        // Sizes grow with dimensions.
        assert!(
            p.variants
                .windows(2)
                .all(|w| w[0].bytes.len() < w[1].bytes.len())
        );
    }

    #[test]
    fn portrait_and_small_images_are_never_upscaled() {
        // Portrait: full is 1365×2048, srcset widths below 1365 only.
        let (w, h) = (2000, 3000);
        let p = process(&jpeg(w, h), &Limits::default(), Shape::AsIs).unwrap();
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(320, 480), (750, 1125), (1080, 1620), (1365, 2048)]);

        // Small: 500×300 stays 500×300, plus a 320 variant.
        let p = process(&jpeg(500, 300), &Limits::default(), Shape::AsIs).unwrap();
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(320, 192), (500, 300)]);

        // Tiny: one variant only.
        let p = process(&jpeg(30, 20), &Limits::default(), Shape::AsIs).unwrap();
        assert_eq!(p.variants.len(), 1);
        assert_eq!((p.width, p.height), (30, 20));
    }

    #[test]
    fn posts_crop_to_the_frame_chosen_from_the_middle() {
        let photo = jpeg(1200, 800);
        let framed = |frame| process(&photo, &Limits::default(), Shape::Framed(frame)).unwrap();
        let square = framed(Frame::Square);
        assert_eq!((square.width, square.height), (800, 800));
        let portrait = framed(Frame::Portrait);
        assert_eq!((portrait.width, portrait.height), (640, 800));
        let landscape = framed(Frame::Landscape);
        assert_eq!((landscape.width, landscape.height), (1200, 628));
        // The srcset widths of a post, not an avatar's sides.
        assert!(
            square
                .variants
                .iter()
                .any(|v| v.width == 750 && v.height == 750)
        );
        // A tall photo loses its top and bottom instead.
        let tall = process(
            &jpeg(600, 1500),
            &Limits::default(),
            Shape::Framed(Frame::Portrait),
        )
        .unwrap();
        assert_eq!((tall.width, tall.height), (600, 750));
        assert_eq!(Frame::parse("original"), Ok(None));
        assert_eq!(Frame::parse("landscape"), Ok(Some(Frame::Landscape)));
        assert!(Frame::parse("16:9").is_err());
    }

    #[test]
    fn square_avatar_is_centre_cropped() {
        // 1200×800: left 200 and right 200 columns are green, middle is magenta.
        let (w, h) = (1200u32, 800u32);
        let mut rgb = Vec::new();
        for _y in 0..h {
            for x in 0..w {
                let edge = !(200..1000).contains(&x);
                rgb.extend_from_slice(if edge { &[0, 255, 0] } else { &[255, 0, 255] });
            }
        }
        let p = process(&encode_jpeg(&rgb, w, h), &Limits::default(), Shape::Square).unwrap();
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(150, 150), (320, 320), (640, 640)]);
        assert_eq!((p.width, p.height), (640, 640));
        for v in &p.variants {
            let img = decode_output(v).into_rgb8();
            // The green edges were cropped away: corners are magenta.
            for (x, y) in [(1, 1), (v.width - 2, v.height - 2), (v.width / 2, 1)] {
                let px = img.get_pixel(x, y).0;
                assert!(
                    px[0] > 200 && px[1] < 60 && px[2] > 200,
                    "{px:?} at {x},{y}"
                );
            }
        }

        // A small non-square avatar: cropped, not upscaled, one variant.
        let p = process(&jpeg(200, 120), &Limits::default(), Shape::Square).unwrap();
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(120, 120)]);
    }

    #[test]
    fn placeholder_is_small_png_data_uri() {
        let (w, h) = (3000, 2000);
        let p = process(&jpeg(w, h), &Limits::default(), Shape::AsIs).unwrap();
        let prefix = "data:image/png;base64,";
        assert!(p.placeholder.starts_with(prefix), "{}", p.placeholder);
        assert!(p.placeholder.len() < 1024, "{} bytes", p.placeholder.len());
        let png_bytes = base64::engine::general_purpose::STANDARD
            .decode(&p.placeholder[prefix.len()..])
            .unwrap();
        let thumb = image::load_from_memory_with_format(&png_bytes, ImageFormat::Png).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (16, 11));
        assert_no_metadata(&png_bytes);
    }

    #[test]
    fn png_with_alpha_keeps_transparency() {
        // 300×200: transparent left half, opaque orange right half.
        let (w, h) = (300u32, 200u32);
        let mut rgba = Vec::new();
        for _y in 0..h {
            for x in 0..w {
                rgba.extend_from_slice(if x < 150 {
                    &[0, 0, 0, 0]
                } else {
                    &[255, 128, 0, 255]
                });
            }
        }
        let p = process(&encode_png(&rgba, w, h), &Limits::default(), Shape::AsIs).unwrap();
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(300, 200)]);
        let img = decode_output(&p.variants[0]);
        assert!(img.color().has_alpha());
        let img = img.into_rgba8();
        assert_eq!(img.get_pixel(20, 100).0[3], 0);
        let opaque = img.get_pixel(250, 100).0;
        assert_eq!(opaque[3], 255);
        assert!(opaque[0] > 220 && opaque[2] < 40, "{opaque:?}");
        assert!(p.placeholder.len() < 1024);

        // An opaque RGBA PNG works too (alpha is dropped internally).
        let opaque_rgba: Vec<u8> = photo_rgb(400, 300)
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        let p = process(
            &encode_png(&opaque_rgba, 400, 300),
            &Limits::default(),
            Shape::AsIs,
        )
        .unwrap();
        assert_eq!(p.variants.len(), 2);
    }

    #[test]
    fn jpeg_with_data_after_eoi_is_accepted() {
        let mut input = jpeg(64, 48);
        input.extend_from_slice(b"\xff\xd8 trailing vendor data \xff\xda\x00");
        let p = process(&input, &Limits::default(), Shape::AsIs).unwrap();
        assert_eq!((p.width, p.height), (64, 48));
    }

    #[test]
    fn webp_input_is_accepted() {
        let rgb = photo_rgb(64, 48);
        let mem = webp::Encoder::from_rgb(&rgb, 64, 48).encode(90.0);
        assert_eq!(sniff(&mem), Some("image/webp"));
        let p = process(&mem, &Limits::default(), Shape::AsIs).unwrap();
        assert_eq!((p.width, p.height), (64, 48));
    }

    // ---- EXIF: orientation applied, metadata stripped -----------------

    #[test]
    fn jpeg_exif_orientation_applied_and_gps_stripped() {
        let plain = encode_jpeg(&red_blue_40x20(), 40, 20);
        let input = splice_exif_into_jpeg(&plain, &exif_tiff(6));
        // Sanity: the input really carries EXIF with orientation 6.
        assert!(contains(&input, b"Exif\0\0MM"));
        let mut dec = ImageReader::with_format(Cursor::new(&input), ImageFormat::Jpeg)
            .into_decoder()
            .unwrap();
        assert_eq!(dec.orientation().unwrap(), Orientation::Rotate90);

        let p = process(&input, &Limits::default(), Shape::AsIs).unwrap();
        assert_rotated_portrait(&p);
        for v in &p.variants {
            assert_no_metadata(&v.bytes);
        }
        assert!(!p.placeholder.contains("Exif"));
    }

    #[test]
    fn png_exif_orientation_applied_and_stripped() {
        let rgba: Vec<u8> = red_blue_40x20()
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        let plain = encode_png(&rgba, 40, 20);
        // Insert an eXIf chunk right after IHDR (8-byte signature + 25-byte IHDR).
        let mut input = plain[..33].to_vec();
        input.extend(png_chunk(b"eXIf", &exif_tiff(6)));
        input.extend_from_slice(&plain[33..]);

        let p = process(&input, &Limits::default(), Shape::AsIs).unwrap();
        assert_rotated_portrait(&p);
        for v in &p.variants {
            assert_no_metadata(&v.bytes);
        }
    }

    #[test]
    fn broken_exif_does_not_reject_the_photo() {
        let plain = encode_jpeg(&red_blue_40x20(), 40, 20);
        let input = splice_exif_into_jpeg(&plain, b"MM\0\x2a\xff\xff\xff\xff garbage");
        let p = process(&input, &Limits::default(), Shape::AsIs).unwrap();
        assert_eq!((p.width, p.height), (40, 20));
    }
}
