//! People using the app, each in a browser of their own: what they can do is a method,
//! written once here. Server functions are named here; a test names one only to send
//! what no method sends (another server, odd headers, a list of endpoints).
//!
//! Actions return the raw `Response`, for the tests that look at status codes; reads
//! (the feed, search, …) check for 200 and return what the page would show.

use std::ops::Deref;

use isntgram::account::LoginView;
use isntgram::account::api::{
    ChangePassword, DeleteAccount, LogOutOtherSessions, MyLogins, UpdateProfile,
};
use isntgram::auth::api::{DemoLogin, Login, Logout, Signup};
use isntgram::comments::CommentView;
use isntgram::comments::api::{AddComment, CommentReplies, DeleteComment, PostComments};
use isntgram::discover::SearchResults;
use isntgram::discover::TagPage;
use isntgram::discover::api::ExplorePosts;
use isntgram::discover::api::Search;
use isntgram::discover::api::TagPosts;
use isntgram::feed::FeedPost;
use isntgram::feed::api::FeedPage;
use isntgram::likes::api::SetLike;
use isntgram::moderation::api::{Moderate, ModerationLog, ModerationQueue};
use isntgram::notifications::NotificationView;
use isntgram::notifications::api::MyNotifications;
use isntgram::pagination::Page;
use isntgram::posts::GridPost;
use isntgram::posts::api::{DeletePost, UpdateAltText, UpdateCaption};
use isntgram::profiles::api::RemoveAvatar;
use isntgram::profiles::api::{AnswerFollowRequest, SetFollow, SetPrivate};
use isntgram::profiles::api::{PostLikers, SavedPosts};
use isntgram::safety::api::{RemoveFollower, Report, SetBlock, SetMute};
use isntgram::saves::api::SetSaved;
use leptos::server_fn::ServerFn;
use reqwest::multipart::{Form, Part};
use reqwest::{RequestBuilder, Response, StatusCode, header};
use serde::de::DeserializeOwned;

/// The password of everyone who signs up through `sign_up`.
pub const PASSWORD: &str = "correct horse battery";

/// Someone with a browser on the app: its cookies, nobody logged in until they do.
pub struct Visitor {
    address: String,
    /// For requests to whole URLs, or with headers no method sends.
    pub client: reqwest::Client,
}

/// Someone who signed up (password `PASSWORD`) and is logged in; `id` is theirs in
/// the database, for the data tests make there.
pub struct Member {
    visitor: Visitor,
    pub id: i64,
}

impl Member {
    pub(super) fn new(visitor: Visitor, id: i64) -> Self {
        Self { visitor, id }
    }
}

impl Deref for Member {
    type Target = Visitor;

    fn deref(&self) -> &Visitor {
        &self.visitor
    }
}

/// A photo form as the share page sends it: the file, a caption and the alt text.
pub fn photo_form(bytes: Vec<u8>, file_name: &str, caption: &str, alt: &str) -> Form {
    Form::new()
        .part("image", image_part(bytes, file_name))
        .text("caption", caption.to_owned())
        .text("alt_text", alt.to_owned())
}

/// A several-photo form as the share page sends it: the files in order, then each
/// photo's alt text in the same order.
pub fn carousel_form(photos: Vec<Vec<u8>>, caption: &str, alts: &[&str]) -> Form {
    let mut form = Form::new().text("caption", caption.to_owned());
    for (index, bytes) in photos.into_iter().enumerate() {
        form = form.part("image", image_part(bytes, &format!("photo-{index}.jpg")));
    }
    for alt in alts {
        form = form.text("alt_text", (*alt).to_owned());
    }
    form
}

/// A file as a browser attaches a JPEG.
fn image_part(bytes: Vec<u8>, file_name: &str) -> Part {
    Part::bytes(bytes)
        .file_name(file_name.to_owned())
        .mime_str("image/jpeg")
        .unwrap()
}

/// Where a redirect sends the browser; fails on any other answer.
fn redirect_location(response: &Response) -> String {
    assert!(response.status().is_redirection(), "{}", response.status());
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The body of a 200 answer.
async fn ok_json<T: DeserializeOwned>(response: Response, what: &str) -> T {
    assert_eq!(response.status(), StatusCode::OK, "{what}");
    response.json().await.unwrap()
}

impl Visitor {
    /// A browser at the app at `address`: it keeps cookies and does not follow
    /// redirects (tests look at them).
    pub(super) fn new(address: &str) -> Self {
        Self {
            address: address.to_owned(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    /// A page as a browser asks for it: its status and HTML.
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .get(path)
            .header(header::ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Calls a server function the way the hydrated page does (fetch, not a form post).
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.post(path)
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, &self.address)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts a plain HTML form from page `from`, as a browser without JavaScript does.
    pub async fn form_post(&self, path: &str, from: &str, form: &[(&str, &str)]) -> Response {
        self.post(path)
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, &self.address)
            .header(header::REFERER, self.url(from))
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Sends a form with a file to `path`, as the browser's upload forms do.
    pub async fn upload(&self, path: &str, form: Form) -> Response {
        self.post(path)
            .header(header::ORIGIN, &self.address)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Shares a photo through `POST /new`; where the answer redirects.
    pub async fn share(&self, form: Form) -> String {
        redirect_location(&self.upload("/new", form).await)
    }

    /// Sets the profile photo; where the answer redirects.
    pub async fn set_avatar(&self, bytes: Vec<u8>) -> String {
        let form = Form::new().part("image", image_part(bytes, "me.jpg"));
        redirect_location(&self.upload("/settings/avatar", form).await)
    }

    pub async fn remove_avatar(&self) -> Response {
        self.call(RemoveAvatar::PATH, &[]).await
    }

    /// Signs up as `username`, email `username@example.com`, password `PASSWORD`.
    pub async fn sign_up(&self, username: &str) -> Response {
        let email = format!("{username}@example.com");
        self.sign_up_as(&email, "Test Person", username, PASSWORD)
            .await
    }

    pub async fn sign_up_as(
        &self,
        email: &str,
        full_name: &str,
        username: &str,
        password: &str,
    ) -> Response {
        self.call(
            Signup::PATH,
            &[
                ("email", email),
                ("full_name", full_name),
                ("username", username),
                ("password", password),
            ],
        )
        .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Response {
        self.call(Login::PATH, &[("login", login), ("password", password)])
            .await
    }

    pub async fn demo_login(&self) -> Response {
        self.call(DemoLogin::PATH, &[]).await
    }

    pub async fn logout(&self) -> Response {
        self.call(Logout::PATH, &[]).await
    }

    /// The username the settings page shows, or `None` when it sends a visitor away.
    pub async fn logged_in_as(&self) -> Option<String> {
        let (status, html) = self.page("/settings").await;
        if status != StatusCode::OK {
            return None;
        }
        let start = html.find("name=\"username\"")?;
        let value = &html[start..];
        let value = &value[value.find("value=\"")? + 7..];
        Some(value[..value.find('"')?].to_owned())
    }

    /// Where this browser's account is logged in, as `/settings/sessions` lists it.
    pub async fn logins(&self) -> Vec<LoginView> {
        ok_json(self.call(MyLogins::PATH, &[]).await, "the logins").await
    }

    pub async fn log_out_other_sessions(&self) -> Response {
        self.call(LogOutOtherSessions::PATH, &[]).await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> Response {
        self.call(
            ChangePassword::PATH,
            &[("current_password", current), ("new_password", new)],
        )
        .await
    }

    /// The settings form: `full_name`, `username`, `email`, `bio` and, for a new email,
    /// `email_password`.
    pub async fn update_profile(&self, form: &[(&str, &str)]) -> Response {
        self.call(UpdateProfile::PATH, form).await
    }

    pub async fn delete_account(&self, password: &str) -> Response {
        self.call(DeleteAccount::PATH, &[("password", password)])
            .await
    }

    pub async fn edit_caption(&self, post: i64, caption: &str) -> Response {
        self.call(
            UpdateCaption::PATH,
            &[("id", &post.to_string()), ("caption", caption)],
        )
        .await
    }

    pub async fn edit_alt_text(&self, post: i64, alt_text: &str) -> Response {
        self.edit_alt_texts(post, &[alt_text]).await
    }

    /// The alt texts of a post's photos, in order, as the editor's fields send them.
    pub async fn edit_alt_texts(&self, post: i64, alt_texts: &[&str]) -> Response {
        let names: Vec<String> = (0..alt_texts.len())
            .map(|index| format!("alt_text[{index}]"))
            .collect();
        let post = post.to_string();
        let mut fields = vec![("id", post.as_str())];
        fields.extend(
            names
                .iter()
                .map(String::as_str)
                .zip(alt_texts.iter().copied()),
        );
        self.call(UpdateAltText::PATH, &fields).await
    }

    pub async fn delete_post(&self, post: i64) -> Response {
        self.call(DeletePost::PATH, &[("id", &post.to_string())])
            .await
    }

    /// Likes (or unlikes) a `post` or a `comment`.
    pub async fn set_like(&self, target: &str, id: i64, liked: bool) -> Response {
        self.call(
            SetLike::PATH,
            &[
                ("target", target),
                ("id", &id.to_string()),
                ("liked", &liked.to_string()),
            ],
        )
        .await
    }

    pub async fn like_post(&self, post: i64) -> Response {
        self.set_like("post", post, true).await
    }

    pub async fn unlike_post(&self, post: i64) -> Response {
        self.set_like("post", post, false).await
    }

    pub async fn like_comment(&self, comment: i64) -> Response {
        self.set_like("comment", comment, true).await
    }

    pub async fn set_saved(&self, post: i64, saved: bool) -> Response {
        self.call(
            SetSaved::PATH,
            &[
                ("post_id", &post.to_string()),
                ("saved", &saved.to_string()),
            ],
        )
        .await
    }

    pub async fn save_post(&self, post: i64) -> Response {
        self.set_saved(post, true).await
    }

    pub async fn unsave_post(&self, post: i64) -> Response {
        self.set_saved(post, false).await
    }

    /// The first page of the people who liked a post.
    pub async fn likers(&self, post: i64) -> Response {
        self.call(PostLikers::PATH, &[("post_id", &post.to_string())])
            .await
    }

    /// A page of `username`'s saved posts, as the saved tab asks for it.
    pub async fn saved_posts(&self, username: &str, after: Option<&str>) -> Response {
        let mut form = vec![("username", username)];
        form.extend(after.map(|after| ("after", after)));
        self.call(SavedPosts::PATH, &form).await
    }

    async fn set_follow(&self, username: &str, follow: bool) -> Response {
        self.call(
            SetFollow::PATH,
            &[("username", username), ("follow", &follow.to_string())],
        )
        .await
    }

    pub async fn follow(&self, username: &str) -> Response {
        self.set_follow(username, true).await
    }

    pub async fn unfollow(&self, username: &str) -> Response {
        self.set_follow(username, false).await
    }

    pub async fn comment(&self, post: i64, content: &str) -> Response {
        self.call(
            AddComment::PATH,
            &[("post_id", &post.to_string()), ("content", content)],
        )
        .await
    }

    /// Replies to comment `comment` of post `post`.
    pub async fn reply(&self, post: i64, comment: i64, content: &str) -> Response {
        self.call(
            AddComment::PATH,
            &[
                ("post_id", &post.to_string()),
                ("content", content),
                ("reply_to", &comment.to_string()),
            ],
        )
        .await
    }

    /// The first page of a thread's replies.
    pub async fn replies(&self, comment: i64) -> Page<CommentView> {
        let response = self
            .call(
                CommentReplies::PATH,
                &[("comment_id", &comment.to_string())],
            )
            .await;
        ok_json(response, "a thread's replies").await
    }

    /// The first page of a post's top comments.
    pub async fn comments(&self, post: i64) -> Page<CommentView> {
        let response = self
            .call(PostComments::PATH, &[("post_id", &post.to_string())])
            .await;
        ok_json(response, "a post's comments").await
    }

    pub async fn delete_comment(&self, comment: i64) -> Response {
        self.call(DeleteComment::PATH, &[("id", &comment.to_string())])
            .await
    }

    /// A page of the home feed, the first or the one after the cursor `after`.
    pub async fn feed(&self, after: Option<&str>) -> Page<FeedPost> {
        let form: Vec<(&str, &str)> = after.map(|after| ("after", after)).into_iter().collect();
        ok_json(self.call(FeedPage::PATH, &form).await, "the feed").await
    }

    /// A page of Explore, the first or the one after the cursor `after`.
    pub async fn explore(&self, after: Option<&str>) -> Page<GridPost> {
        let form: Vec<(&str, &str)> = after.map(|after| ("after", after)).into_iter().collect();
        ok_json(self.call(ExplorePosts::PATH, &form).await, "explore").await
    }

    /// The first page of a hashtag.
    pub async fn tag(&self, tag: &str) -> TagPage {
        let response = self.call(TagPosts::PATH, &[("tag", tag)]).await;
        ok_json(response, &format!("#{tag}")).await
    }

    pub async fn search(&self, q: &str) -> SearchResults {
        let response = self.call(Search::PATH, &[("q", q)]).await;
        ok_json(response, &format!("searching {q:?}")).await
    }

    /// Makes my account private or public, as the settings checkbox does (absent when
    /// unticked).
    pub async fn set_private(&self, private: bool) -> Response {
        let form: &[(&str, &str)] = if private { &[("private", "true")] } else { &[] };
        self.call(SetPrivate::PATH, form).await
    }

    pub async fn answer_follow_request(&self, username: &str, accept: bool) -> Response {
        let accept = accept.to_string();
        self.call(
            AnswerFollowRequest::PATH,
            &[("username", username), ("accept", &accept)],
        )
        .await
    }

    /// Reports what `target` names (`("post", "12")`, `("account", "ada")`, …).
    pub async fn report(&self, target: (&str, &str), reason: &str, details: &str) -> Response {
        self.call(
            Report::PATH,
            &[target, ("reason", reason), ("details", details)],
        )
        .await
    }

    pub async fn moderation_queue(&self) -> Response {
        self.call(ModerationQueue::PATH, &[]).await
    }

    pub async fn moderation_log(&self) -> Response {
        self.call(ModerationLog::PATH, &[]).await
    }

    /// Acts as a moderator on what `kind` ("post", "comment", "account") `id` names.
    pub async fn moderate(&self, kind: &str, id: i64, action: &str) -> Response {
        let id = id.to_string();
        self.call(
            Moderate::PATH,
            &[("kind", kind), ("id", &id), ("action", action)],
        )
        .await
    }

    pub async fn set_block(&self, username: &str, blocked: bool) -> Response {
        let blocked = blocked.to_string();
        self.call(
            SetBlock::PATH,
            &[("username", username), ("blocked", &blocked)],
        )
        .await
    }

    pub async fn set_mute(&self, username: &str, muted: bool) -> Response {
        let muted = muted.to_string();
        self.call(SetMute::PATH, &[("username", username), ("muted", &muted)])
            .await
    }

    pub async fn remove_follower(&self, username: &str) -> Response {
        self.call(RemoveFollower::PATH, &[("username", username)])
            .await
    }

    /// The first page of notifications (which opening marks read).
    pub async fn notifications(&self) -> Page<NotificationView> {
        let response = self.call(MyNotifications::PATH, &[]).await;
        ok_json(response, "notifications").await
    }
}
