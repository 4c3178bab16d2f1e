//! The photos chosen for a new post, in the page: each file field choice adds to them
//! (up to ten), and each can be moved earlier or later, removed, and described. The
//! file field itself always holds the list in its order, so the form sends exactly what
//! the page shows (and the alt text fields, named `alt_text`, follow in the same order).
//! Without JavaScript the field sends what was chosen at once, described by the one
//! "Alt text" field.

use leptos::prelude::*;

use crate::media::Frame;
use crate::posts::{MAX_ALT_CHARS, alt_text_label};

/// One chosen photo as the page shows it.
#[derive(Debug, Clone)]
pub struct ChosenPhoto {
    /// Stable across moves, for the list's keys.
    key: u32,
    /// An object URL of the file, for the preview.
    preview: String,
    alt: RwSignal<String>,
}

/// The chosen photos and the file field that carries them.
#[derive(Clone, Copy)]
pub struct Chosen {
    pub photos: RwSignal<Vec<ChosenPhoto>>,
    /// The files, in the order of `photos` (browser objects stay in the page's thread).
    #[cfg(feature = "hydrate")]
    files: StoredValue<Vec<web_sys::File>, LocalStorage>,
    #[cfg(feature = "hydrate")]
    next_key: StoredValue<u32>,
    pub input: NodeRef<leptos::html::Input>,
}

impl Chosen {
    pub fn new() -> Self {
        Self {
            photos: RwSignal::new(Vec::new()),
            #[cfg(feature = "hydrate")]
            files: StoredValue::new_local(Vec::new()),
            #[cfg(feature = "hydrate")]
            next_key: StoredValue::new(0),
            input: NodeRef::new(),
        }
    }

    /// Adds the files just chosen in the field after those chosen before, each checked
    /// by `check`; `first_alt` describes the first photo when there was none yet. Says
    /// why a file was left out, if one was.
    #[cfg(feature = "hydrate")]
    pub fn add_from_field(
        &self,
        check: impl Fn(&web_sys::File) -> Result<(), String>,
        first_alt: String,
    ) -> Option<String> {
        use crate::posts::MAX_PHOTOS;

        let input = self.input.get_untracked()?;
        let picked: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // The field now holds only the new choice; what was chosen before is kept here.
        let mut files = self.files.get_value();
        let mut photos = self.photos.get_untracked();
        let mut problem = None;
        for file in picked {
            if files.len() == MAX_PHOTOS {
                problem = Some(format!("A post holds at most {MAX_PHOTOS} photos."));
                break;
            }
            if let Err(message) = check(&file) {
                problem = Some(message);
                continue;
            }
            let Ok(preview) = web_sys::Url::create_object_url_with_blob(&file) else {
                continue;
            };
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let alt = if photos.is_empty() {
                first_alt.clone()
            } else {
                String::new()
            };
            photos.push(ChosenPhoto {
                key,
                preview,
                alt: RwSignal::new(alt),
            });
            files.push(file);
        }
        self.files.set_value(files);
        self.photos.set(photos);
        self.fill_field();
        problem
    }

    /// Moves photo `from` to place `to`.
    pub fn move_photo(&self, from: usize, to: usize) {
        let count = self.photos.with_untracked(Vec::len);
        if from >= count || to >= count {
            return;
        }
        self.photos.update(|photos| {
            let photo = photos.remove(from);
            photos.insert(to, photo);
        });
        #[cfg(feature = "hydrate")]
        self.files.update_value(|files| {
            let file = files.remove(from);
            files.insert(to, file);
        });
        self.fill_field();
    }

    pub fn remove(&self, index: usize) {
        if index >= self.photos.with_untracked(Vec::len) {
            return;
        }
        let mut removed = None;
        self.photos
            .update(|photos| removed = Some(photos.remove(index)));
        #[cfg(feature = "hydrate")]
        {
            if let Some(photo) = removed {
                let _ = web_sys::Url::revoke_object_url(&photo.preview);
            }
            self.files.update_value(|files| {
                files.remove(index);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = removed;
        self.fill_field();
    }

    /// Puts the list back into the file field, in order, so the form sends it.
    fn fill_field(&self) {
        #[cfg(feature = "hydrate")]
        if let (Some(input), Ok(transfer)) =
            (self.input.get_untracked(), web_sys::DataTransfer::new())
        {
            for file in self.files.get_value() {
                let _ = transfer.items().add_with_file(&file);
            }
            input.set_files(transfer.files().as_ref());
        }
    }
}

impl Default for Chosen {
    fn default() -> Self {
        Self::new()
    }
}

/// The chosen photos, each with its preview (in the chosen crop), its alt text field and
/// the buttons that move or remove it.
#[component]
pub fn ChosenPhotos(chosen: Chosen, crop: RwSignal<Option<Frame>>) -> impl IntoView {
    let count = move || chosen.photos.with(Vec::len);
    let frame = move || match crop.get() {
        Some(Frame::Square) => "aspect-square object-cover",
        Some(Frame::Portrait) => "aspect-[4/5] object-cover",
        Some(Frame::Landscape) => "aspect-[191/100] object-cover",
        None => "aspect-square object-contain",
    };
    let rows = move || {
        chosen
            .photos
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, photo)| {
                let number = index + 1;
                let field_id = format!("field-alt-{}", photo.key);
                let alt = photo.alt;
                let total = count();
                view! {
                    <li class="flex items-start gap-3">
                        <img
                            src=photo.preview
                            alt=if total == 1 { "Preview of the chosen photo".to_owned() } else { format!("Preview of photo {number}") }
                            class=move || format!("w-24 shrink-0 rounded-lg bg-neutral-100 dark:bg-neutral-800 {}", frame())
                        />
                        <div class="flex min-w-0 flex-1 flex-col gap-1">
                            <label for=field_id.clone() class="label">{alt_text_label(index, total)}</label>
                            <input
                                id=field_id
                                name="alt_text"
                                type="text"
                                maxlength=MAX_ALT_CHARS
                                aria-describedby="field-alt-hint"
                                class="input"
                                prop:value=move || alt.get()
                                on:input=move |event| alt.set(event_target_value(&event))
                            />
                            <div class="flex flex-wrap gap-3 text-sm">
                                <button
                                    type="button"
                                    class="btn-text"
                                    aria-label=format!("Move photo {number} earlier")
                                    hidden=index == 0
                                    on:click=move |_| chosen.move_photo(index, index - 1)
                                >
                                    "Earlier"
                                </button>
                                <button
                                    type="button"
                                    class="btn-text"
                                    aria-label=format!("Move photo {number} later")
                                    hidden=number == total
                                    on:click=move |_| chosen.move_photo(index, index + 1)
                                >
                                    "Later"
                                </button>
                                <button
                                    type="button"
                                    class="btn-text-danger"
                                    aria-label=format!("Remove photo {number}")
                                    on:click=move |_| chosen.remove(index)
                                >
                                    "Remove"
                                </button>
                            </div>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || count() != 0>
            <ol class="flex flex-col gap-4" aria-label="Chosen photos">
                {rows}
            </ol>
            <p id="field-alt-hint" class="hint">
                {move || if count() != 1 {
                    "Describe each photo for people who can't see it. Share shows them in this order."
                } else {
                    "Describe the photo for people who can't see it."
                }}
            </p>
        </Show>
    }
}
