//! What every view of a post shares: its caption with links, and its row of actions.

use leptos::prelude::*;

use crate::ids::PostId;
use crate::likes::button::{LikeButton, Likes};
use crate::posts::caption::{Segment, is_known, segments};
use crate::posts::share::CopyLinkButton;
use crate::profiles::likers::LikesLink;
use crate::saves::button::SaveButton;
use crate::ui::icons::CommentIcon;

/// A caption with its #hashtags and @mentions as links; everything else is text. A
/// mention links only when the person exists (`known`, read with the text).
#[component]
pub fn Caption(#[prop(into)] text: String, known: Vec<String>) -> impl IntoView {
    segments(&text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.into_any(),
            Segment::Hashtag { written, tag } => {
                view! { <a href=format!("/tags/{tag}") class="text-sky-700 hover:underline dark:text-sky-400">{written}</a> }.into_any()
            }
            Segment::Mention { written, username } if !is_known(&known, &username) => {
                written.into_any()
            }
            Segment::Mention { written, username } => {
                view! { <a href=format!("/{username}") class="text-sky-700 hover:underline dark:text-sky-400">{written}</a> }.into_any()
            }
        })
        .collect_view()
}

/// The heart, the speech bubble (to the post's comments), "Copy link", the bookmark and
/// "N likes", inside the post's `LikeScope`. One island for the row: a page of posts
/// has a row for each, and every island costs its own markup and hydration.
#[island]
pub fn PostActions(
    post_id: PostId,
    saved: bool,
    signed_in: bool,
    /// While the caption is edited its form's "Save" is the only one on the page.
    editing: bool,
) -> impl IntoView {
    let likes = expect_context::<Likes>();
    view! {
        <div class="flex items-center gap-2">
            <LikeButton likes signed_in />
            <a href=format!("/p/{post_id}#comments") aria-label="Comment" class="btn-icon">
                <CommentIcon />
            </a>
            <span class="ml-auto flex items-center gap-1">
                <CopyLinkButton post_id />
                {(!editing).then(|| view! { <SaveButton post_id saved signed_in /> })}
            </span>
        </div>
        <LikesLink likes post_id signed_in />
    }
}
