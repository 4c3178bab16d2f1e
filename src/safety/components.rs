//! "More options" on a profile (Block / Unblock, Mute / Unmute, Report) and on posts
//! and comments (Report, Block), "Remove follower" on my followers list, and the
//! "Private account" setting. Without JavaScript a menu opens by a GET form
//! (`?options=KEY`) and each choice is a form post; with it the menu opens in place
//! and closes with Escape or a choice.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::ids::PostId;
use crate::profiles::Standing;
use crate::profiles::api::{SetPrivate, my_privacy};
use crate::safety::BLOCKED_NOTICE;
use crate::safety::api::{RemoveFollower, SetBlock, SetMute, remove_follower};
use crate::ui::form::{FormError, action_error};
use crate::ui::icons::MoreIcon;
use crate::ui::toast::Toasts;

/// The item style of every options menu.
const MENU_ITEM: &str = "block w-full rounded-lg px-3 py-2 text-left text-sm font-normal hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-neutral-800";

/// A "More options" button and the menu it opens. Without JavaScript the button is a
/// GET form that reloads the page with `?options=KEY`, which renders the menu open;
/// with it, the button toggles `open` in place and Escape closes it.
#[component]
fn OptionsMenu(
    /// Opens this menu without JavaScript, and names it.
    #[prop(into)]
    key: String,
    open: RwSignal<bool>,
    /// The button's look.
    button_class: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let toggle = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        open.update(|open| *open = !*open);
    };
    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            open.set(false);
        }
    };
    let menu_id = format!("options-{key}");
    view! {
        <div class="relative" on:keydown=close_on_escape>
            <form method="get" on:submit=toggle>
                <input type="hidden" name="options" value=key />
                <button
                    type="submit"
                    aria-label="More options"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=menu_id.clone()
                    class=button_class
                >
                    <MoreIcon />
                </button>
            </form>
            // The items exist only while the menu is open: a page of posts and comments
            // has a menu on each, and most are never opened.
            <div id=menu_id hidden=move || !open.get() class="card absolute right-0 z-30 mt-2 flex w-56 flex-col p-1 shadow-lg">
                {move || open.get().then(|| children())}
            </div>
        </div>
    }
    // Erased: it sits deep inside feed cards and comment lists.
    .into_any()
}

/// Whether the menu named `key` was asked open by the page's address.
fn opened_by_address(key: &str) -> bool {
    crate::ui::address::query_param("options").as_deref() == Some(key)
}

/// The profile's menu. A block changes the whole profile, so "Block" is a plain form
/// post that loads the profile again (with a toast); a mute changes only this menu (and
/// the feed), in place.
#[island(lazy)]
pub fn ProfileOptions(username: String, standing: Standing) -> impl IntoView {
    let open = RwSignal::new(opened_by_address("profile"));
    let mute = ServerAction::<SetMute>::new();
    let Standing {
        blocked_by_me,
        muted_by_me,
    } = standing;
    let muted = RwSignal::new(muted_by_me);
    let toasts = Toasts::get();
    Effect::new(move |_| match mute.value().get() {
        Some(Ok(now)) => {
            muted.set(now);
            open.set(false);
            toasts.success(if now {
                "Muted. Their posts leave your feed."
            } else {
                "Unmuted"
            });
        }
        Some(Err(error)) => toasts.error(error.to_string()),
        None => {}
    });
    let username = StoredValue::new(username);
    let item = MENU_ITEM;
    view! {
        <OptionsMenu key="profile" open button_class="btn-secondary px-2">
            <form method="post" action=SetBlock::PATH>
                <input type="hidden" name="username" value=username.get_value() />
                <input type="hidden" name="blocked" value=(!blocked_by_me).to_string() />
                <button type="submit" class=format!("{item} font-semibold text-red-700 dark:text-red-400")>
                    {if blocked_by_me { "Unblock" } else { "Block" }}
                </button>
            </form>
            <a href=format!("/report?account={}", username.get_value()) class=item>"Report"</a>
            {(!blocked_by_me).then(|| view! {
                <ActionForm action=mute>
                    <input type="hidden" name="username" value=username.get_value() />
                    <input type="hidden" name="muted" value=move || (!muted.get()).to_string() />
                    <button type="submit" class=item>
                        {move || if muted.get() { "Unmute" } else { "Mute" }}
                    </button>
                </ActionForm>
            })}
        </OptionsMenu>
    }
}

/// "Remove follower" beside one of my followers, in a list the server renders: once
/// done, the row it sits in leaves the list.
#[island(lazy)]
pub fn RemoveFollowerButton(username: String) -> impl IntoView {
    let toasts = Toasts::get();
    let name = StoredValue::new(username.clone());
    let pending = RwSignal::new(false);
    let form = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            let username = name.get_value();
            match remove_follower(username.clone()).await {
                Ok(()) => {
                    toasts.success(format!("Removed {username} from your followers"));
                    #[cfg(feature = "hydrate")]
                    if let Some(row) = form
                        .get_untracked()
                        .and_then(|form| form.closest("li").ok().flatten())
                    {
                        row.remove();
                    }
                }
                Err(error) => toasts.error(error.to_string()),
            }
            pending.set(false);
        });
    };
    view! {
        <form node_ref=form method="post" action=RemoveFollower::PATH on:submit=on_submit>
            <input type="hidden" name="username" value=username />
            <button type="submit" class="btn-secondary" disabled=move || pending.get()>
                "Remove follower"
            </button>
        </form>
    }
}

/// "Private account": ticking it keeps my posts, followers and following for the
/// followers I approve. With JavaScript a tick saves at once; without, "Save" does.
#[component]
pub fn PrivateAccountForm() -> impl IntoView {
    let current = Resource::new(|| (), |_| my_privacy());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let private = current.await.unwrap_or(false);
                view! { <PrivateAccountChoice private /> }
            })}
        </Suspense>
    }
}

#[island(lazy)]
fn PrivateAccountChoice(private: bool) -> impl IntoView {
    let save = ServerAction::<SetPrivate>::new();
    let error = action_error(save);
    let form = NodeRef::<leptos::html::Form>::new();
    let toasts = Toasts::get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(true)) => toasts.success("Your account is private"),
        Some(Ok(false)) => toasts.success("Your account is public"),
        _ => {}
    });
    let submit_now = move |_| {
        if let Some(form) = form.get_untracked() {
            let _ = form.request_submit();
        }
    };
    view! {
        <ActionForm action=save node_ref=form attr:class="flex flex-col gap-3">
            <label class="flex items-start gap-3">
                <input
                    type="checkbox"
                    name="private"
                    value="true"
                    checked=private
                    on:change=submit_now
                    aria-describedby="field-private-hint"
                    class="mt-1 size-4"
                />
                <span class="font-medium">"Private account"</span>
            </label>
            <p id="field-private-hint" class="hint">
                "Only the followers you approve see your photos and who you follow or who follows you. Your profile photo, name, bio and counts stay visible, and your comments and likes on public posts stay public."
            </p>
            <FormError error />
            <button type="submit" class="btn-secondary self-start">"Save"</button>
        </ActionForm>
    }
}

/// "More options" on a post or a comment: "Report", and "Block" (its author) unless it
/// is mine. Without JavaScript the menu opens by a GET form (`?options=KEY`) and
/// blocking is a form post that leads to `then`; with it, `blocked` runs instead.
#[component]
pub fn ContentOptions(
    /// Opens this menu without JavaScript (`?options=KEY`) and names it.
    #[prop(into)]
    key: String,
    #[prop(into)] report_href: String,
    /// Whose content it is, when it is not mine.
    author: Option<String>,
    /// Where a plain form post leads after blocking (the content is gone for me).
    #[prop(into)]
    then: String,
    blocked: Callback<()>,
    /// The comment size: a smaller button.
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    let open = RwSignal::new(opened_by_address(&key));
    let block = ServerAction::<SetBlock>::new();
    let toasts = Toasts::get();
    Effect::new(move |_| match block.value().get() {
        Some(Ok(true)) => {
            toasts.success(BLOCKED_NOTICE);
            open.set(false);
            blocked.run(());
        }
        Some(Err(error)) => toasts.error(error.to_string()),
        _ => {}
    });
    let item = MENU_ITEM;
    let author = StoredValue::new(author);
    let then = StoredValue::new(then);
    let report_href = StoredValue::new(report_href);
    view! {
        <OptionsMenu key open button_class=if small { "btn-icon size-6 p-0" } else { "btn-icon" }>
            <a href=report_href.get_value() class=format!("{item} font-semibold text-red-700 dark:text-red-400")>"Report"</a>
            {author.get_value().map(|author| view! {
                <ActionForm action=block>
                    <input type="hidden" name="username" value=author />
                    <input type="hidden" name="blocked" value="true" />
                    <input type="hidden" name="then" value=then.get_value() />
                    <button type="submit" class=item>"Block"</button>
                </ActionForm>
            })}
        </OptionsMenu>
    }
}

/// "More options" on someone else's post; blocking its author leads to their profile
/// (where "Unblock" is), the post being gone for me.
#[island(lazy)]
pub fn PostOptions(post_id: PostId, author: String, mine: bool, signed_in: bool) -> impl IntoView {
    if mine || !signed_in {
        return ().into_any();
    }
    let profile = format!("/{author}");
    let after_block = profile.clone();
    view! {
        <div class="ml-auto">
            <ContentOptions
                key=post_id.to_string()
                report_href=format!("/report?post={post_id}")
                author=Some(author)
                then=profile
                blocked=Callback::new(move |()| crate::ui::address::go_to(&after_block))
            />
        </div>
    }
    .into_any()
}
