//! A destructive button that asks once, in place: the first press turns it into a question
//! with 确定 / 取消, so nothing irreversible happens on a single stray click or key.

use leptos::prelude::*;

use crate::i18n::{common, use_locale, Text};

/// `label` until pressed, then `question` with confirm and cancel; Escape cancels.
#[component]
pub fn ConfirmButton(
    /// Text of the button, e.g. `t.act_delete`.
    label: Text,
    /// The question asked after the first press.
    question: Text,
    /// What to do once confirmed.
    on_confirm: Callback<()>,
    /// Names the record for screen readers (the row's name).
    #[prop(into)]
    subject: String,
) -> impl IntoView {
    let t = use_locale();
    let asking = RwSignal::new(false);
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    // Keyboard users land on the confirm button, so Enter confirms and Escape cancels.
    Effect::new(move |_| {
        if asking.get() {
            if let Some(b) = confirm_ref.get() {
                let _ = b.focus();
            }
        }
    });
    let subject_label = subject.clone();
    view! {
        <span
            class="confirm"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    asking.set(false);
                }
            }
        >
            <Show
                when=move || asking.get()
                fallback=move || {
                    let subject = subject_label.clone();
                    view! {
                        <button
                            type="button"
                            class="link-button danger"
                            aria-label=move || format!("{} {}", label.of(t.get()), subject)
                            on:click=move |_| asking.set(true)
                        >
                            {move || label.of(t.get())}
                        </button>
                    }
                }
            >
                <span class="confirm-question" role="alert">{move || question.of(t.get())}</span>
                <button
                    type="button"
                    class="link-button danger strong"
                    node_ref=confirm_ref
                    on:click=move |_| {
                        asking.set(false);
                        on_confirm.run(());
                    }
                >
                    {move || common::ACT_CONFIRM.of(t.get())}
                </button>
                <button type="button" class="link-button" on:click=move |_| asking.set(false)>
                    {move || common::ACT_CANCEL.of(t.get())}
                </button>
            </Show>
        </span>
    }
}
