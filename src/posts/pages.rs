//! `/new` (share a photo) and `/p/:id` (one post).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::auth::flash::{FlashForm, FormRefusal, refused_form};
use crate::auth::signed_in;
use crate::comments::CommentView;
use crate::comments::api::{comment_replies, post_comments};
use crate::comments::components::{PostCommentForm, PostComments, ReplyTo, ThreadScope};
use crate::error::AppError;
use crate::ids::{CommentId, PostId};
use crate::likes::LikeTarget;
use crate::likes::button::{DoubleTapToLike, LikeScope};
use crate::media::Frame;
use crate::pagination::Page;
use crate::posts::api::{DeletePost, UpdateAltText, UpdateCaption, get_post, upload_limit_mb};
use crate::posts::carousel::PostPhotos;
use crate::posts::chosen::{Chosen, ChosenPhotos};
use crate::posts::components::{Caption, PostActions};
use crate::posts::sending::Sending;
#[cfg(feature = "hydrate")]
use crate::posts::sending::{check_file, send};
use crate::posts::{
    DEFAULT_UPLOAD_LIMIT_MB, MAX_ALT_CHARS, MAX_CAPTION_CHARS, MAX_PHOTOS, PostPhoto, PostView,
    alt_text_label, time,
};
use crate::safety::components::PostOptions;
use crate::ui::avatar::Avatar;
use crate::ui::dialog::ConfirmDialog;
use crate::ui::error_page::NotFoundPage;
use crate::ui::form::{FormError, action_error};
use crate::ui::link_preview::{LinkPreview, preview_text};
use crate::ui::skeleton::PostSkeleton;

#[component]
pub fn NewPostPage() -> impl IntoView {
    // A refused upload comes back here with its message and what was typed.
    let refused = Resource::new(|| (), |_| refused_form(FlashForm::NewPost));
    let limit = Resource::new(|| (), |_| upload_limit_mb());
    view! {
        <Title text="New post" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <h1 class="text-2xl font-semibold">"New post"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let refused = refused.await.ok().flatten().unwrap_or_default();
                    let limit_mb = limit.await.unwrap_or(DEFAULT_UPLOAD_LIMIT_MB);
                    view! { <NewPostForm refused limit_mb /> }
                })}
            </Suspense>
        </div>
    }
}

/// The photos, their preview and descriptions, the caption, the crop. With JavaScript
/// the photos are checked before sending and the upload shows its progress; without
/// it the form posts as it is.
#[island(lazy)]
fn NewPostForm(refused: FormRefusal, limit_mb: u64) -> impl IntoView {
    let chosen = Chosen::new();
    // The one "Alt text" field shown before any photo is chosen (and without
    // JavaScript); once photos are chosen each has its own, the first taking its words.
    let lone_alt = NodeRef::<leptos::html::Input>::new();
    // Checked in the page before sending; shown until the next choice or attempt.
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(Sending::Idle);
    // The frame chosen, for the preview (the server crops the original).
    let crop = RwSignal::new(None::<Frame>);
    let limit_mb = move || limit_mb;
    let on_file = move |_event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let first_alt = lone_alt
                .get_untracked()
                .map(|input| input.value())
                .unwrap_or_default();
            let limit = limit_mb();
            problem.set(chosen.add_from_field(
                |file| check_file(&file.type_(), file.size(), limit),
                first_alt,
            ));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (limit_mb, lone_alt);
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            event.prevent_default();
            if sending.get_untracked() != Sending::Idle {
                return;
            }
            let form: web_sys::HtmlFormElement = event.target().expect("a form").unchecked_into();
            let files: Vec<web_sys::File> = form
                .elements()
                .named_item("image")
                .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            let checked = if files.is_empty() {
                Err("Choose a photo to share.".to_owned())
            } else if files.len() > MAX_PHOTOS {
                Err(format!("A post holds at most {MAX_PHOTOS} photos."))
            } else {
                files
                    .iter()
                    .try_for_each(|file| check_file(&file.type_(), file.size(), limit_mb()))
            };
            if let Err(message) = checked {
                problem.set(Some(message));
                return;
            }
            problem.set(None);
            leptos::task::spawn_local(async move {
                match send(&form, move |now| sending.set(now)).await {
                    Ok(href) => crate::ui::address::go_to(&href),
                    Err(message) => {
                        sending.set(Sending::Idle);
                        problem.set(Some(message));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let kept_alt = refused.kept("alt_text");
    view! {
            <form
                method="post"
                action="/new"
                enctype="multipart/form-data"
                class="card flex flex-col gap-4 p-6"
                on:submit=on_submit
            >
                <div class="flex flex-col gap-1">
                    <label for="field-image" class="label">"Image"</label>
                    <input
                        id="field-image"
                        node_ref=chosen.input
                        name="image"
                        type="file"
                        accept="image/jpeg,image/png,image/webp"
                        multiple
                        required
                        aria-describedby="field-image-hint"
                        on:change=on_file
                        class="block w-full text-sm file:mr-4 file:rounded-lg file:border-0 file:bg-sky-700 file:px-4 file:py-2 file:font-semibold file:text-white hover:file:bg-sky-800"
                    />
                    <p id="field-image-hint" class="hint">
                        {format!("Up to {MAX_PHOTOS} photos (JPEG, PNG or WebP), each up to {} MB.", limit_mb())}
                    </p>
                </div>
                <ChosenPhotos chosen crop />
                // What a refused upload sent back: the words typed and the reason.
                            <div class="flex flex-col gap-1">
                                <label for="field-caption" class="label">"Caption"</label>
                                <textarea id="field-caption" name="caption" rows="4" maxlength=MAX_CAPTION_CHARS class="input resize-y">
                                    {refused.kept("caption")}
                                </textarea>
                            </div>
                            <Show when=move || chosen.photos.with(Vec::is_empty)>
                                <div class="flex flex-col gap-1">
                                    <label for="field-alt" class="label">"Alt text"</label>
                                    <input id="field-alt" node_ref=lone_alt name="alt_text" type="text" maxlength=MAX_ALT_CHARS value=kept_alt.clone() aria-describedby="field-alt-hint" class="input" />
                                    <p id="field-alt-hint" class="hint">
                                        "Describe the photo for people who can't see it. With several photos, this describes the first."
                                    </p>
                                </div>
                            </Show>
                            <CropChoice kept=refused.kept("crop") crop />
                            {(!refused.message.is_empty()).then(|| view! {
                                <p role="alert" class="alert-error">{refused.message.clone()}</p>
                            })}
                {move || problem.get().map(|message| view! {
                    <p role="alert" class="alert-error">{message}</p>
                })}
                <UploadProgress sending />
                <button type="submit" class="btn-primary self-start" disabled=move || sending.get() != Sending::Idle>
                    "Share"
                </button>
            </form>
    }
}

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<PostId>().ok()));
    // The actions live here so that a saved caption or alt text re-reads the post.
    // Plain form posts: the server answers each by loading this page (or, after a
    // refusal, this page with the message and what was typed).
    let update = ServerAction::<UpdateCaption>::new();
    let update_alt = ServerAction::<UpdateAltText>::new();
    let delete = ServerAction::<DeletePost>::new();
    let post = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_post(id).await,
            None => Err(AppError::post_not_found()),
        }
    });
    let after = move || query.with(|q| q.get("after"));
    let comments = Resource::new(
        move || (id(), after()),
        |(id, after)| async move {
            match id {
                Some(id) => post_comments(id, after).await,
                None => Ok(Page::default()),
            }
        },
    );
    // `?thread=` opens a thread (its replies come with the page); `?reply_to=&to=` starts
    // a reply, as the GET forms of "View N replies" and "Reply" ask without JavaScript.
    let comment_param =
        move |name: &str| query.with(|q| q.get(name).and_then(|id| id.parse::<CommentId>().ok()));
    let opened = Resource::new(
        move || comment_param("thread"),
        |thread| async move {
            match thread {
                Some(top) => comment_replies(top, None)
                    .await
                    .map(|page| Some((top, page))),
                None => Ok(None),
            }
        },
    );
    let reply_to = move || {
        let comment = comment_param("reply_to")?;
        let author = query.with(|q| q.get("to"))?;
        Some(ReplyTo { comment, author })
    };
    let signed_in = signed_in();
    view! {
        <Suspense fallback=PostSkeleton>
            {move || Suspend::new(async move {
                // A thread that cannot be opened (gone, mistyped) leaves the page closed.
                let opened = opened.await.ok().flatten();
                match (post.await, comments.await) {
                    (Ok(post), Ok(comments)) => {
                        let reply_to = reply_to();
                        view! { <PostArticle post comments opened reply_to signed_in update update_alt delete /> }.into_any()
                    }
                    (Err(AppError::NotFound(_)), _) => view! { <NotFoundPage /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <crate::ui::error_page::ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Crop": the photo as it is, or centred in one of Instagram's frames. The server
/// crops the original, so nothing is lost to a second compression.
#[component]
fn CropChoice(
    /// What a refused upload had chosen ("" when none).
    kept: String,
    crop: RwSignal<Option<Frame>>,
) -> impl IntoView {
    let chosen = Frame::parse(&kept).unwrap_or_default();
    view! {
        <fieldset class="flex flex-col gap-2">
            <legend class="label">"Crop"</legend>
            <div class="flex flex-wrap gap-x-4 gap-y-2">
                {Frame::CHOICES.into_iter().map(|choice| {
                    let value = Frame::value(choice);
                    let id = format!("field-crop-{value}");
                    let label_for = id.clone();
                    view! {
                        <label for=label_for class="flex items-center gap-2 text-sm">
                            <input
                                id=id
                                type="radio"
                                name="crop"
                                value=value
                                checked=chosen == choice
                                on:change=move |_| crop.set(choice)
                            />
                            {Frame::label(choice)}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The upload's progress, then its processing (the server's part has no measure).
#[component]
fn UploadProgress(sending: RwSignal<Sending>) -> impl IntoView {
    move || progress_bar(sending.get())
}

fn progress_bar(sending: Sending) -> Option<AnyView> {
    let (bar, text) = match sending {
        Sending::Idle => return None,
        Sending::Uploading(percent) => (
            view! {
                <div
                    role="progressbar"
                    aria-label="Upload progress"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=percent
                    class="h-2 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800"
                >
                    <div class="h-full rounded-full bg-sky-600 transition-[width]" style=format!("width: {percent}%")></div>
                </div>
            }
            .into_any(),
            format!("Uploading… {percent}%"),
        ),
        Sending::Processing => (
            view! {
                <div
                    role="progressbar"
                    aria-label="Processing the photo"
                    class="h-2 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800"
                >
                    <div class="h-full w-1/3 animate-pulse rounded-full bg-sky-600"></div>
                </div>
            }
            .into_any(),
            "Processing the photo…".to_owned(),
        ),
    };
    Some(
        view! {
            <div class="flex flex-col gap-1">
                {bar}
                <p class="hint">{text}</p>
            </div>
        }
        .into_any(),
    )
}

#[component]
fn PostArticle(
    post: PostView,
    comments: Page<CommentView>,
    opened: Option<(CommentId, Page<CommentView>)>,
    reply_to: Option<ReplyTo>,
    signed_in: bool,
    update: ServerAction<UpdateCaption>,
    update_alt: ServerAction<UpdateAltText>,
    delete: ServerAction<DeletePost>,
) -> impl IntoView {
    let query = use_query_map();
    // `?edit=caption` or `?edit=alt` (plain GET forms: no JavaScript needed).
    let editing = move || query.with(|q| q.get("edit").is_some());
    let editing_alt = move || query.with(|q| q.get("edit").as_deref() == Some("alt"));
    let alt_error = action_error(update_alt);
    let confirming = move || query.with(|q| q.get("confirm").as_deref() == Some("delete"));
    let update_error = action_error(update);
    let delete_error = action_error(delete);

    let PostView {
        id,
        author,
        author_avatar,
        mentions,
        photos,
        caption,
        created_at,
        now,
        like_count,
        comment_count,
        liked_by_me,
        saved_by_me,
        mine,
    } = post;
    let cover = photos[0].picture.clone();
    let title = if caption.is_empty() {
        format!("Photo by {author}")
    } else {
        format!("{author}: {}", caption.chars().take(60).collect::<String>())
    };
    let caption_for_edit = StoredValue::new(caption.clone());
    let photos_for_edit = StoredValue::new(photos.clone());
    let preview_description = if caption.is_empty() {
        cover.alt.clone()
    } else {
        preview_text(&caption)
    };
    view! {
        <Title text=title />
        <LinkPreview
            kind="article"
            title=format!("{author} on Isntgram")
            description=preview_description
            path=format!("/p/{id}")
            image=Some(cover.preview_url().to_owned())
            image_alt=cover.alt.clone()
        />
        // Phones: author, photo, the rest. Wide screens: the photo on the left, the rest
        // beside it, as on Instagram.
        <article class="card mx-auto grid max-w-5xl overflow-hidden md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] md:grid-rows-[auto_1fr]">
            <header class="flex items-center gap-3 border-b border-neutral-200 p-4 md:col-start-2 md:row-start-1 dark:border-neutral-800">
                <Avatar username=author.clone() url=author_avatar />
                <a href=format!("/{author}") class="font-semibold hover:underline">{author.clone()}</a>
                <PostOptions post_id=id author=author.clone() mine signed_in />
            </header>
            <LikeScope target=LikeTarget::Post id=id.0 liked=liked_by_me count=like_count>
            <div class="bg-black md:col-start-1 md:row-span-2 md:row-start-1 md:flex md:items-center">
                <DoubleTapToLike>
                    <PostPhotos photos sizes="(min-width: 768px) 600px, 100vw" eager=true />
                </DoubleTapToLike>
            </div>
            <ThreadScope post_id=id comments=comments.items count=comment_count opened reply_to>
            <div class="flex flex-col md:col-start-2 md:row-start-2">
                <div class="flex flex-1 flex-col gap-3 p-4">
                    <Show when=move || mine && editing_alt()>
                        <ActionForm action=update_alt attr:class="flex flex-col gap-3">
                            <input type="hidden" name="id" value=id.to_string() />
                            <AltTextFields
                                photos=photos_for_edit.get_value()
                                kept=alt_error.get_untracked()
                            />
                            <FormError error=alt_error />
                            <div class="flex gap-2">
                                <button type="submit" class="btn-primary">"Save"</button>
                                <a href=format!("/p/{id}") class="btn-secondary">"Cancel"</a>
                            </div>
                        </ActionForm>
                    </Show>
                    <Show
                        when=move || mine && editing() && !editing_alt()
                        fallback={
                            let caption = caption.clone();
                            let author = author.clone();
                            let mentions = mentions.clone();
                            move || (!caption.is_empty()).then(|| view! {
                                <p class="whitespace-pre-line break-words">
                                    <a href=format!("/{author}") class="mr-1 font-semibold">{author.clone()}</a>
                                    <Caption text=caption.clone() known=mentions.clone() />
                                </p>
                            })
                        }
                    >
                        <ActionForm action=update attr:class="flex flex-col gap-2">
                            <input type="hidden" name="id" value=id.to_string() />
                            <label for="field-edit-caption" class="label">"Caption"</label>
                            <textarea id="field-edit-caption" name="caption" rows="4" maxlength=MAX_CAPTION_CHARS class="input resize-y">
                                {update_error.get_untracked().and_then(|e| e.kept("caption").map(str::to_owned)).unwrap_or_else(|| caption_for_edit.get_value())}
                            </textarea>
                            <FormError error=update_error />
                            <div class="flex gap-2">
                                <button type="submit" class="btn-primary">"Save"</button>
                                <a href=format!("/p/{id}") class="btn-secondary">"Cancel"</a>
                            </div>
                        </ActionForm>
                    </Show>
                    <section id="comments" aria-label="Comments" class="flex flex-col gap-3">
                        <PostComments signed_in next=comments.next />
                    </section>
                </div>
                <footer class="flex flex-col gap-2 border-t border-neutral-200 p-4 dark:border-neutral-800">
                    <PostActions post_id=id saved=saved_by_me signed_in editing=mine && editing() />
                    <a href=format!("/p/{id}") class="muted self-start text-xs hover:underline">
                        <time>{time::relative(created_at, now)}</time>
                    </a>
                    <div class="border-t border-neutral-200 pt-2 dark:border-neutral-800">
                        <PostCommentForm signed_in />
                    </div>
                    <Show when=move || mine>
                        <div class="flex flex-wrap gap-2 pt-2">
                            // Plain GET forms: the edit and the confirmation work without JavaScript.
                            <form method="get" action=format!("/p/{id}")>
                                <input type="hidden" name="edit" value="caption" />
                                <button type="submit" class="btn-secondary">"Edit caption"</button>
                            </form>
                            <form method="get" action=format!("/p/{id}")>
                                <input type="hidden" name="edit" value="alt" />
                                <button type="submit" class="btn-secondary">"Edit alt text"</button>
                            </form>
                            <form method="get" action=format!("/p/{id}")>
                                <input type="hidden" name="confirm" value="delete" />
                                <button type="submit" class="btn-secondary text-red-700 dark:text-red-400">"Delete post"</button>
                            </form>
                        </div>
                        <Show when=move || confirming()>
                            <ConfirmDialog
                                title="Delete this post?"
                                message="Its photo, caption, likes and comments will be gone for good. This can't be undone."
                                cancel_href=format!("/p/{id}")
                            >
                                <ActionForm action=delete attr:class="flex flex-col gap-2">
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <FormError error=delete_error />
                                    <button type="submit" class="btn-danger" disabled=move || delete.pending().get()>"Delete"</button>
                                </ActionForm>
                            </ConfirmDialog>
                        </Show>
                    </Show>
                </footer>
            </div>
            </ThreadScope>
            </LikeScope>
        </article>
    }
}

/// One alt text field per photo of a post, each beside its photo: the fields
/// `alt_text[0]`, `alt_text[1]`, … of `update_alt_text`.
#[component]
fn AltTextFields(photos: Vec<PostPhoto>, kept: Option<AppError>) -> impl IntoView {
    let count = photos.len();
    let fields = photos
        .into_iter()
        .enumerate()
        .map(|(index, photo)| {
            let name = format!("alt_text[{index}]");
            let field_id = format!("field-edit-alt-{index}");
            let text = kept
                .as_ref()
                .and_then(|error| error.kept(&name).map(str::to_owned))
                .unwrap_or(photo.alt_text);
            view! {
                <li class="flex items-start gap-3">
                    <img
                        src=photo.picture.variants.first().map_or(photo.picture.url.clone(), |variant| variant.url.clone())
                        alt=""
                        class="size-16 shrink-0 rounded-md object-cover"
                    />
                    <div class="flex min-w-0 flex-1 flex-col gap-1">
                        <label for=field_id.clone() class="label">{alt_text_label(index, count)}</label>
                        <textarea id=field_id name=name rows="2" maxlength=MAX_ALT_CHARS class="input resize-y" aria-describedby="field-edit-alt-hint">
                            {text}
                        </textarea>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="flex flex-col gap-3">{fields}</ul>
        <p id="field-edit-alt-hint" class="hint">
            {if count == 1 {
                "Describes the photo for people who can't see it."
            } else {
                "Describes each photo for people who can't see it."
            }}
        </p>
    }
}
