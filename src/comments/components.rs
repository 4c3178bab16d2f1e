//! A post's comments in the page: the list (each with its heart and, where allowed,
//! "Delete comment") and the "Add a comment" form. Both work as plain form posts
//! without JavaScript; with it, the list changes in place.

use leptos::prelude::*;

use crate::comments::api::{AddComment, DeleteComment};
use crate::comments::{CommentView, MAX_COMMENT_CHARS};
use crate::ids::PostId;
use crate::likes::button::{LikeButton, Likes};
use crate::likes::{LikeTarget, likes_text};
use crate::posts::components::Caption;
use crate::posts::time;
use crate::ui::avatar::Avatar;
use crate::ui::toast::Toasts;

/// The comments a page holds for one post, and how many the post has in all.
#[derive(Clone, Copy)]
pub struct Thread {
    pub post_id: PostId,
    pub comments: RwSignal<Vec<CommentView>>,
    pub count: RwSignal<i64>,
}

impl Thread {
    pub fn new(post_id: PostId, comments: Vec<CommentView>, count: i64) -> Self {
        Self {
            post_id,
            comments: RwSignal::new(comments),
            count: RwSignal::new(count),
        }
    }
}

/// "1 comment", "12 comments", "1.2k comments".
pub fn comments_text(count: i64) -> String {
    crate::ui::count::counted(count, "comment", "comments")
}

#[component]
pub fn CommentList(
    thread: Thread,
    signed_in: bool,
    /// Feed cards: no avatars, tighter.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    view! {
        <ul class=if compact { "flex flex-col gap-1" } else { "flex flex-col gap-4" }>
            <For each=move || thread.comments.get() key=|comment| comment.id let:comment>
                <CommentItem comment thread signed_in compact />
            </For>
        </ul>
    }
}

#[component]
fn CommentItem(
    comment: CommentView,
    thread: Thread,
    signed_in: bool,
    compact: bool,
) -> impl IntoView {
    let CommentView {
        id,
        author,
        author_avatar,
        content,
        mentions,
        created_at,
        now,
        like_count,
        liked_by_me,
        can_delete,
        ..
    } = comment;
    let likes = Likes::new(LikeTarget::Comment, id.0, liked_by_me, like_count);
    let delete = ServerAction::<DeleteComment>::new();
    let toasts = Toasts::get();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            thread
                .comments
                .update(|comments| comments.retain(|comment| comment.id != id));
            thread.count.update(|count| *count = (*count - 1).max(0));
            toasts.success("Comment deleted");
        }
    });
    // Only this item's own attempt (not another's, echoed into the URL without JS).
    let delete_error = move || {
        (delete.version().get() > 0)
            .then(|| delete.value().get().and_then(Result::err))
            .flatten()
    };
    view! {
        <li class="flex items-start gap-3">
            {(!compact).then(|| view! {
                <a href=format!("/{author}") class="shrink-0" tabindex="-1" aria-hidden="true">
                    <Avatar username=author.clone() url=author_avatar.clone() />
                </a>
            })}
            <div class="min-w-0 flex-1">
                <p class="whitespace-pre-line break-words text-sm">
                    <a href=format!("/{author}") class="mr-1 font-semibold hover:underline">{author.clone()}</a>
                    <Caption text=content known=mentions />
                </p>
                {(!compact).then(|| view! {
                    <div class="muted mt-1 flex flex-wrap items-center gap-3 text-xs">
                        <time>{time::relative(created_at, now)}</time>
                        <span>{move || likes_text(likes.count().get())}</span>
                        {can_delete.then(|| view! {
                            <ActionForm action=delete attr:class="inline">
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" class="btn-text-danger" disabled=move || delete.pending().get()>"Delete comment"</button>
                            </ActionForm>
                        })}
                    </div>
                })}
                {move || delete_error().map(|error| view! {
                    <p role="alert" class="error-text">{error.to_string()}</p>
                })}
            </div>
            <LikeButton likes signed_in small=true />
        </li>
    }
}

/// "Add a comment" and "Post". The typed text survives an error, with or without JS.
#[component]
pub fn CommentForm(thread: Thread, signed_in: bool) -> impl IntoView {
    let post_id = thread.post_id;
    if !signed_in {
        return view! {
            <p class="text-sm muted">
                <a href=format!("/login?next=/p/{post_id}") class="btn-link">"Log in"</a>
                " to like or comment."
            </p>
        }
        .into_any();
    }
    let add = ServerAction::<AddComment>::new();
    let field = NodeRef::<leptos::html::Textarea>::new();
    let toasts = Toasts::get();
    Effect::new(move |_| {
        let Some(Ok(comment)) = add.value().get() else {
            return;
        };
        toasts.announce("Comment posted");
        let is_new = thread
            .comments
            .with_untracked(|comments| comments.iter().all(|c| c.id != comment.id));
        if is_new {
            thread.comments.update(|comments| comments.push(comment));
            thread.count.update(|count| *count += 1);
        }
        #[cfg(feature = "hydrate")]
        if let Some(field) = field.get_untracked() {
            field.set_value("");
        }
    });
    // Errors echoed without JS reach every form of the page: keep to this post's.
    let error = Signal::derive(move || {
        add.value().get().and_then(Result::err).filter(|error| {
            error
                .kept("post_id")
                .is_none_or(|id| id == post_id.to_string())
        })
    });
    let kept = move || {
        error
            .get_untracked()
            .and_then(|error| error.kept("content").map(str::to_owned))
    };
    let field_id = format!("comment-{post_id}");
    view! {
        <ActionForm action=add attr:class="flex flex-col gap-2">
            <input type="hidden" name="post_id" value=post_id.to_string() />
            <div class="flex items-center gap-2">
                <label for=field_id.clone() class="sr-only">"Add a comment"</label>
                <textarea
                    id=field_id
                    name="content"
                    rows="1"
                    maxlength=MAX_COMMENT_CHARS
                    placeholder="Add a comment…"
                    node_ref=field
                    class="min-h-9 flex-1 resize-none bg-transparent py-2 text-sm outline-none placeholder:text-neutral-500"
                >
                    {kept()}
                </textarea>
                <button type="submit" class="btn-text text-sm" disabled=move || add.pending().get()>
                    "Post"
                </button>
            </div>
            {move || error.get().map(|error| view! {
                <p role="alert" class="error-text">{error.to_string()}</p>
            })}
        </ActionForm>
    }
    .into_any()
}
