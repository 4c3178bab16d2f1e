//! A post's comments in the page: the list (each with its heart, "Reply" and, where
//! allowed, "Delete comment"), each thread's replies behind "View N replies", and the
//! "Add a comment" form. All of it works as plain forms without JavaScript (GET forms
//! open a thread or start a reply, POST forms write); with it, the list changes in
//! place. A feed card's comments are one island (`FeedComments`); a post page's list
//! and form are two, apart in the page, sharing the thread of the `ThreadScope` around
//! them.

use leptos::prelude::*;

use serde::{Deserialize, Serialize};

use crate::comments::api::{AddComment, DeleteComment, comment_replies, post_comments};
use crate::comments::{CommentView, MAX_COMMENT_CHARS};
use crate::ids::{CommentId, PostId};
use crate::likes::button::{LikeButton, Likes};
use crate::likes::{LikeTarget, likes_text};
use crate::pagination::Page;
use crate::posts::components::Caption;
use crate::posts::time;
use crate::safety::components::ContentOptions;
use crate::ui::avatar::Avatar;
use crate::ui::load_more::LoadMore;
use crate::ui::toast::Toasts;

/// The comment the next one answers, and its author (whose name starts the reply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTo {
    pub comment: CommentId,
    pub author: String,
}

/// The comments a page holds for one post, and how many the post has in all.
#[derive(Clone, Copy)]
pub struct Thread {
    pub post_id: PostId,
    /// Top comments (and, on feed cards, the latest comments of any kind).
    pub comments: RwSignal<Vec<CommentView>>,
    pub count: RwSignal<i64>,
    /// Replies written in this page, shown under their thread even while it is closed.
    pub new_replies: RwSignal<Vec<CommentView>>,
    /// What "Post" answers: a comment after "Reply", else the post.
    pub replying_to: RwSignal<Option<ReplyTo>>,
    /// The thread the address opened (`?thread=`), with its first page of replies.
    opened: StoredValue<Option<(CommentId, Page<CommentView>)>>,
}

impl Thread {
    pub fn new(post_id: PostId, comments: Vec<CommentView>, count: i64) -> Self {
        Self {
            post_id,
            comments: RwSignal::new(comments),
            count: RwSignal::new(count),
            new_replies: RwSignal::new(Vec::new()),
            replying_to: RwSignal::new(None),
            opened: StoredValue::new(None),
        }
    }

    /// The thread of `top` shows open, with these replies.
    pub fn opened(self, top: CommentId, replies: Page<CommentView>) -> Self {
        self.opened.set_value(Some((top, replies)));
        self
    }

    /// The next comment answers `reply_to`.
    pub fn replying(self, reply_to: Option<ReplyTo>) -> Self {
        self.replying_to.set(reply_to);
        self
    }
}

/// A feed card's comments: "View all N comments", the latest few, and "Add a comment".
#[island(lazy)]
pub fn FeedComments(post_id: PostId, comments: Vec<CommentView>, count: i64) -> impl IntoView {
    let thread = Thread::new(post_id, comments, count);
    view! {
        {move || (thread.count.get() > thread.comments.with(Vec::len) as i64).then(|| view! {
            <a href=format!("/p/{post_id}") class="muted text-sm hover:underline">
                {format!("View all {}", comments_text(thread.count.get()))}
            </a>
        })}
        <CommentList thread signed_in=true compact=true />
        <CommentForm thread signed_in=true />
    }
}

/// A post page's thread, shared by its comment list and its comment form (islands
/// inside it).
#[island]
pub fn ThreadScope(
    post_id: PostId,
    comments: Vec<CommentView>,
    count: i64,
    /// The thread the address opened (`?thread=`), with its first page of replies.
    opened: Option<(CommentId, Page<CommentView>)>,
    /// The comment "Reply" chose (`?reply_to=&to=`).
    reply_to: Option<ReplyTo>,
    children: Children,
) -> impl IntoView {
    let mut thread = Thread::new(post_id, comments, count).replying(reply_to);
    if let Some((top, replies)) = opened {
        thread = thread.opened(top, replies);
    }
    provide_context(thread);
    children()
}

/// A post page's comments (of the `ThreadScope` around it), with more as the end comes
/// near.
#[island(lazy)]
pub fn PostComments(signed_in: bool, next: Option<String>) -> impl IntoView {
    let thread = expect_context::<Thread>();
    let post_id = thread.post_id;
    let next = RwSignal::new(next);
    view! {
        <h2 class="sr-only">{move || comments_text(thread.count.get())}</h2>
        <CommentList thread signed_in />
        <LoadMore items=thread.comments next fetch=move |cursor| post_comments(post_id, Some(cursor)) />
    }
}

/// A post page's "Add a comment" (for the `ThreadScope` around it).
#[island(lazy)]
pub fn PostCommentForm(signed_in: bool) -> impl IntoView {
    view! { <CommentForm thread=expect_context() signed_in /> }
}

/// "1 comment", "12 comments", "1.2k comments".
pub fn comments_text(count: i64) -> String {
    crate::ui::count::counted(count, "comment", "comments")
}

/// "View 1 reply", "View 12 replies".
fn view_replies_text(count: i64) -> String {
    format!(
        "View {}",
        crate::ui::count::counted(count, "reply", "replies")
    )
}

#[component]
pub fn CommentList(
    thread: Thread,
    signed_in: bool,
    /// Feed cards: no avatars, no threads, tighter.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let remove = Callback::new(move |(id, replies): (CommentId, i64)| {
        thread
            .comments
            .update(|comments| comments.retain(|comment| comment.id != id));
        thread
            .count
            .update(|count| *count = (*count - 1 - replies).max(0));
    });
    view! {
        <ul class=if compact { "flex flex-col gap-1" } else { "flex flex-col gap-4" }>
            <For each=move || thread.comments.get() key=|comment| comment.id let:comment>
                <CommentItem comment thread signed_in compact remove />
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
    /// Takes the comment out of its list once deleted, with how many replies went too.
    remove: Callback<(CommentId, i64)>,
) -> impl IntoView {
    let CommentView {
        id,
        post_id,
        parent_id,
        reply_count,
        author,
        author_avatar,
        content,
        mentions,
        created_at,
        now,
        like_count,
        liked_by_me,
        can_delete,
        mine,
        ..
    } = comment;
    let likes = Likes::new(LikeTarget::Comment, id.0, liked_by_me, like_count);
    let delete = ServerAction::<DeleteComment>::new();
    let toasts = Toasts::get();
    let replies = RwSignal::new(reply_count);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            remove.run((id, replies.get_untracked()));
            toasts.success("Comment deleted");
        }
    });
    // Only this item's own attempt (not another's, echoed into the URL without JS).
    let delete_error = move || {
        (delete.version().get() > 0)
            .then(|| delete.value().get().and_then(Result::err))
            .flatten()
    };
    let start_reply = {
        let author = author.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            thread.replying_to.set(Some(ReplyTo {
                comment: id,
                author: author.clone(),
            }));
        }
    };
    // A reply to a reply keeps its thread open on the page it leads to.
    let top = parent_id.unwrap_or(id);
    view! {
        <li id=format!("comment-{id}") class="scroll-mt-24 rounded-lg target:bg-amber-50 target:ring-4 target:ring-amber-50 dark:target:bg-amber-950/40 dark:target:ring-amber-950/40">
            <div class="flex items-start gap-3">
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
                            {signed_in.then(|| view! {
                                <form method="get" action=format!("/p/{post_id}#add-comment-{post_id}") on:submit=start_reply class="inline">
                                    <input type="hidden" name="reply_to" value=id.to_string() />
                                    <input type="hidden" name="to" value=author.clone() />
                                    <input type="hidden" name="thread" value=top.to_string() />
                                    <button type="submit" class="btn-text text-xs font-semibold">"Reply"</button>
                                </form>
                            })}
                            {signed_in.then(|| view! {
                                <ContentOptions
                                    key=format!("comment-{id}")
                                    report_href=format!("/report?comment={id}")
                                    author=(!mine).then(|| author.clone())
                                    then=format!("/p/{post_id}")
                                    blocked=Callback::new(move |()| remove.run((id, replies.get_untracked())))
                                    small=true
                                />
                            })}
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
            </div>
            {(!compact && parent_id.is_none()).then(|| view! {
                <Replies top=id post_id thread signed_in count=replies />
            })}
        </li>
    }
}

/// A top comment's replies: closed behind "View N replies" (a GET form to the post page
/// with the thread open, or in place with JavaScript), "Hide replies" when open. Replies
/// written in this page show at once, open or not.
#[component]
fn Replies(
    top: CommentId,
    post_id: PostId,
    thread: Thread,
    signed_in: bool,
    /// The thread's replies as the server counted them (written here or not).
    count: RwSignal<i64>,
) -> impl IntoView {
    let opened = thread
        .opened
        .with_value(|opened| opened.as_ref().filter(|(id, _)| *id == top).cloned());
    let open = RwSignal::new(opened.is_some());
    let (loaded, next) = opened
        .map(|(_, page)| (page.items, page.next))
        .unwrap_or_default();
    let loaded = RwSignal::new(loaded);
    let next = RwSignal::new(next);
    let fetched = RwSignal::new(open.get_untracked());
    let toasts = Toasts::get();
    let shown = move || {
        let mut list = if open.get() { loaded.get() } else { Vec::new() };
        thread.new_replies.with(|new| {
            for reply in new.iter().filter(|reply| reply.parent_id == Some(top)) {
                if list.iter().all(|shown| shown.id != reply.id) {
                    list.push(reply.clone());
                }
            }
        });
        list
    };
    // Replies not on the page yet: what "View N replies" offers.
    let unseen = move || {
        let written_here = thread.new_replies.with(|new| {
            new.iter()
                .filter(|reply| reply.parent_id == Some(top))
                .count()
        });
        (count.get() - written_here as i64).max(0)
    };
    let toggle = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if open.get_untracked() {
            open.set(false);
            return;
        }
        if fetched.get_untracked() {
            open.set(true);
            return;
        }
        leptos::task::spawn_local(async move {
            match comment_replies(top, None).await {
                Ok(page) => {
                    loaded.set(page.items);
                    next.set(page.next);
                    fetched.set(true);
                    open.set(true);
                }
                Err(error) => toasts.error(error.to_string()),
            }
        });
    };
    let remove = Callback::new(move |(id, _): (CommentId, i64)| {
        loaded.update(|replies| replies.retain(|reply| reply.id != id));
        thread
            .new_replies
            .update(|replies| replies.retain(|reply| reply.id != id));
        count.update(|count| *count = (*count - 1).max(0));
        thread.count.update(|count| *count = (*count - 1).max(0));
    });
    view! {
        <Show when=move || { (open.get() && count.get() > 0) || unseen() > 0 }>
            <form method="get" action=format!("/p/{post_id}#comment-{top}") on:submit=toggle class="ml-11 mt-2">
                {move || (!open.get()).then(|| view! { <input type="hidden" name="thread" value=top.to_string() /> })}
                <button type="submit" class="muted flex items-center gap-3 text-xs font-semibold hover:text-neutral-900 dark:hover:text-neutral-100">
                    <span aria-hidden="true" class="inline-block w-6 border-t border-current"></span>
                    {move || if open.get() { "Hide replies".to_owned() } else { view_replies_text(unseen()) }}
                </button>
            </form>
        </Show>
        <ul class="ml-11 mt-3 flex flex-col gap-3 empty:hidden">
            <For each=shown key=|reply| reply.id let:reply>
                {view! { <CommentItem comment=reply thread signed_in compact=false remove /> }.into_any()}
            </For>
        </ul>
        <Show when=move || open.get()>
            <div class="ml-11">
                <LoadMore items=loaded next fetch=move |cursor| comment_replies(top, Some(cursor)) />
            </div>
        </Show>
    }
}

/// "Add a comment" and "Post"; after "Reply", "Replying to @name" with a way out. The
/// typed text survives an error, with or without JS.
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
        let known = |comments: &Vec<CommentView>| comments.iter().any(|c| c.id == comment.id);
        let is_new =
            !thread.comments.with_untracked(known) && !thread.new_replies.with_untracked(known);
        if is_new {
            if comment.parent_id.is_some() {
                thread.new_replies.update(|replies| replies.push(comment));
            } else {
                thread.comments.update(|comments| comments.push(comment));
            }
            thread.count.update(|count| *count += 1);
        }
        thread.replying_to.set(None);
        #[cfg(feature = "hydrate")]
        if let Some(field) = field.get_untracked() {
            field.set_value("");
        }
    });
    // "Reply" puts the name into the field and the cursor after it.
    Effect::new(move |first_run: Option<()>| {
        let Some(reply_to) = thread.replying_to.get() else {
            return;
        };
        // On the first run the server already wrote the name (a page opened by "Reply").
        if first_run.is_none() {
            return;
        }
        #[cfg(feature = "hydrate")]
        if let Some(field) = field.get_untracked() {
            field.set_value(&format!("@{} ", reply_to.author));
            let _ = field.focus();
        }
        let _ = reply_to;
    });
    // Errors echoed without JS reach every form of the page: keep to this post's.
    let error = Signal::derive(move || {
        add.value().get().and_then(Result::err).filter(|error| {
            error
                .kept("post_id")
                .is_none_or(|id| id == post_id.to_string())
        })
    });
    let kept = move |name: &str| {
        error
            .get_untracked()
            .and_then(|error| error.kept(name).map(str::to_owned))
            .filter(|kept| !kept.is_empty())
    };
    let initial_text = kept("content").or_else(|| {
        thread
            .replying_to
            .get_untracked()
            .map(|reply_to| format!("@{} ", reply_to.author))
    });
    let kept_reply_to = kept("reply_to");
    let reply_to_value = move || {
        thread
            .replying_to
            .get()
            .map(|reply_to| reply_to.comment.to_string())
            .or_else(|| kept_reply_to.clone())
    };
    let field_id = format!("comment-field-{post_id}");
    view! {
        <ActionForm action=add attr:class="flex flex-col gap-2" attr:id=format!("add-comment-{post_id}")>
            <input type="hidden" name="post_id" value=post_id.to_string() />
            {move || reply_to_value().map(|id| view! { <input type="hidden" name="reply_to" value=id /> })}
            {move || thread.replying_to.get().map(|reply_to| view! {
                <p class="muted flex items-center gap-2 text-xs">
                    {format!("Replying to @{}", reply_to.author)}
                    <a
                        href=format!("/p/{post_id}")
                        class="btn-link"
                        on:click=move |event| {
                            event.prevent_default();
                            thread.replying_to.set(None);
                        }
                    >
                        "Cancel reply"
                    </a>
                </p>
            })}
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
                    {initial_text}
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
