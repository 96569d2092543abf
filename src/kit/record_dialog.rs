//! Creating and editing a record in a dialog: the form's refusals by field (from the
//! service's `Invalid`), the refused field focused, the dialog closed once saved (the list
//! reloads from the action's version), and nothing typed lost when a save is refused.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::UiError;
use crate::i18n::{common, use_locale, Text};
use crate::kit::form_field::{focus_refused_field, FormAlert, FormErrors};
use crate::kit::modal::Modal;

/// The state of one record form.
#[derive(Clone, Copy)]
pub struct RecordForm {
    /// Prefix of the form's element ids (`{id}-{field}`).
    pub id: &'static str,
    /// Whether the dialog is open.
    pub open: RwSignal<bool>,
    /// The last refusal of a save.
    pub errors: FormErrors,
    /// A save is under way.
    pub pending: Signal<bool>,
    clear: Callback<()>,
}

impl RecordForm {
    /// A form saved through `action`.
    pub fn new<S>(id: &'static str, action: ServerAction<S>) -> RecordForm
    where
        S: ServerFn<Error = UiError> + Send + Sync + Clone + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        RecordForm::with(
            id,
            Signal::derive(move || action.value().get().and_then(Result::err)),
            Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))),
            action.pending().into(),
            Callback::new(move |()| action.value().set(None)),
        )
    }

    /// A form saved through one of several actions (create or update): `errors` and `saved`
    /// come from whichever applies, `clear` forgets their results.
    pub fn with(
        id: &'static str,
        errors: Signal<Option<UiError>>,
        saved: Signal<bool>,
        pending: Signal<bool>,
        clear: Callback<()>,
    ) -> RecordForm {
        let open = RwSignal::new(false);
        focus_refused_field(id, errors);
        Effect::new(move |_| {
            if saved.get() {
                open.set(false);
            }
        });
        RecordForm {
            id,
            open,
            errors,
            pending,
            clear,
        }
    }

    /// Opens the dialog with the last attempt's refusals forgotten.
    pub fn open(&self) {
        self.clear.run(());
        self.open.set(true);
    }
}

/// The dialog of a [`RecordForm`]: title, the fields (children), the form-wide message and
/// 取消 / 保存.
#[component]
pub fn RecordDialog(
    /// The form.
    form: RecordForm,
    /// The dialog's title.
    #[prop(into)]
    title: Signal<String>,
    /// Sends the form (the page dispatches its action with the values it holds).
    on_submit: Callback<()>,
    /// Text of the save button.
    #[prop(default = common::ACT_SAVE)]
    save: Text,
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_locale();
    let children = StoredValue::new(children);
    view! {
        <Modal open=form.open id=form.id title=title>
            <form
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    on_submit.run(());
                }
            >
                {move || children.with_value(|c| c())}
                <FormAlert errors=form.errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| form.open.set(false)>
                        {move || common::ACT_CANCEL.of(t.get())}
                    </button>
                    <button type="submit" class="button primary" disabled=move || form.pending.get()>
                        {move || if form.pending.get() { common::ACT_SAVING.of(t.get()) } else { save.of(t.get()) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
