//! The login page (outside the frame: nothing else is reachable before signing in).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{common, login, use_locale};
use crate::server_fns::auth::Login;

/// Username and password form; works before hydration as a plain form post.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_locale();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || login.value().get().and_then(|r| r.err());
    let pending = login.pending();
    let username = NodeRef::<html::Input>::new();
    let password = NodeRef::<html::Input>::new();
    // Dispatched from the inputs themselves rather than through `ActionForm`: the same
    // request, without form decoding code in the first bundle. Without JavaScript the form
    // posts to the same server function.
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(username), Some(password)) = (username.get(), password.get()) else {
            return;
        };
        let next = Some(next()).filter(|n| !n.is_empty());
        login.dispatch(Login {
            username: username.value(),
            password: password.value(),
            next,
        });
    };

    view! {
        <Title text=move || login::LOGIN_TITLE.of(t.get()) />
        <div class="login-page">
            <div class="login-lang">
                <LanguageSwitch />
            </div>
            <main class="login-card">
                <div class="login-brand">
                    <span class="brand-mark" aria-hidden="true">"工"</span>
                    <span>{move || common::APP_NAME.of(t.get())}</span>
                </div>
                <h1>{move || login::LOGIN_TITLE.of(t.get())}</h1>
                <p class="muted">{move || login::LOGIN_SUBTITLE.of(t.get())}</p>
                <form method="post" action=Login::PATH on:submit=on_submit>
                    <input type="hidden" name="next" prop:value=next />
                    <div class="field">
                        <label for="username">{move || login::USERNAME.of(t.get())}</label>
                        <input node_ref=username id="username" name="username" type="text" autocomplete="username" required autofocus />
                    </div>
                    <div class="field">
                        <label for="password">{move || login::PASSWORD.of(t.get())}</label>
                        <input node_ref=password id="password" name="password" type="password" autocomplete="current-password" required />
                    </div>
                    <p class="form-error" role="alert">
                        {move || error().map(|e| e.message(t.get()))}
                    </p>
                    <button type="submit" class="button primary block" disabled=move || pending.get()>
                        {move || if pending.get() { login::LOGGING_IN.of(t.get()) } else { login::LOGIN_BUTTON.of(t.get()) }}
                    </button>
                </form>
            </main>
        </div>
    }
}
