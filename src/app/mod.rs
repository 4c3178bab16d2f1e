//! The app's frame: the HTML shell, the root component and the route table, the layout
//! and navigation around every page, the guards of members-only and visitors-only
//! pages, the home, 404 and error pages, and the theme.

pub mod guards;
pub mod islands;
pub mod layout;
pub mod pages;
pub mod theme;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::account::pages::{DataPage, SessionsPage, SettingsPage, TwoStepPage};
use crate::app::guards::{MembersOnly, VisitorsOnly};
use crate::app::islands::IslandScripts;
use crate::app::layout::Shell;
use crate::app::pages::HomePage;
use crate::auth::pages::{
    ConfirmEmailPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignupPage,
    TwoStepLoginPage,
};
use crate::auth::provide_viewer;
use crate::discover::pages::{ExplorePage, SearchPage, TagRoute};
use crate::moderation::pages::{ModerationLogPage, ModerationPage};
use crate::notifications::pages::NotificationsPage;
use crate::posts::pages::{NewPostPage, PostPage};
use crate::profiles::PeopleList;
use crate::profiles::pages::{FollowListPage, LikersPage, ProfilePage, SavedPage};
use crate::safety::pages::{PrivacyPage, ReportPage};
use crate::ui::error_page::NotFoundPage;
use crate::ui::icons::IconSprite;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = crate::app::theme::Theme::current();
    #[cfg(feature = "ssr")]
    crate::server::headers::send_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Isntgram: share photos with the people you follow." />
                <meta name="color-scheme" content=theme.color_scheme() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-neutral-50 text-neutral-900 antialiased dark:bg-neutral-950 dark:text-neutral-100">
                <IconSprite />
                <App />
            </body>
        </html>
    }
}

/// The document's title for a page's `<Title>` text, which may hold user text (a name,
/// a caption, a hashtag from the address). leptos_meta writes the server's `<title>`
/// element without escaping, so the server escapes it here; in the browser it becomes
/// `document.title`, which is plain text and must not show entities.
pub fn document_title(page: String) -> String {
    let title = if page.is_empty() {
        "Isntgram".to_owned()
    } else {
        format!("{page} • Isntgram")
    };
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_viewer();
    crate::ui::toast::Toasts::provide();
    view! {
        <Title formatter=document_title />
        // Every page renders whole on the server (`SsrMode::Async`): it works without
        // JavaScript, and status codes and redirects are set before the first byte.
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=|| view! { <VisitorsOnly><LoginPage /></VisitorsOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=|| view! { <VisitorsOnly><SignupPage /></VisitorsOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/login/two-step") view=TwoStepLoginPage ssr=SsrMode::Async />
                    <Route path=path!("/settings/two-step") view=|| view! { <MembersOnly><TwoStepPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/password/reset") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/email/confirm") view=ConfirmEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/new") view=|| view! { <MembersOnly><NewPostPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/p/:id") view=PostPage ssr=SsrMode::Async />
                    <Route path=path!("/p/:id/likes") view=LikersPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=|| view! { <MembersOnly><SettingsPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/settings/data") view=|| view! { <MembersOnly><DataPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/settings/sessions") view=|| view! { <MembersOnly><SessionsPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/settings/privacy") view=|| view! { <MembersOnly><PrivacyPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/report") view=|| view! { <MembersOnly><ReportPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/admin/reports") view=ModerationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/log") view=ModerationLogPage ssr=SsrMode::Async />
                    <Route path=path!("/explore") view=ExplorePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/tags/:tag") view=TagRoute ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=|| view! { <MembersOnly><NotificationsPage /></MembersOnly> } ssr=SsrMode::Async />
                    // Profiles last: every other first segment is a route of its own
                    // (and a reserved username).
                    <Route path=path!("/:username") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/:username/saved") view=|| view! { <MembersOnly><SavedPage /></MembersOnly> } ssr=SsrMode::Async />
                    <Route path=path!("/:username/followers") view=|| view! { <FollowListPage list=PeopleList::Followers /> } ssr=SsrMode::Async />
                    <Route path=path!("/:username/following") view=|| view! { <FollowListPage list=PeopleList::Following /> } ssr=SsrMode::Async />
                </Routes>
            </Shell>
        </Router>
    }
}
