//! The application shell: router, header with the status line, and page switching.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::status::{Started, StartedHandle, StatusLine};
use crate::lessons;
use crate::pages::lesson_page::LessonPage;
use crate::parts::{Part, PartView};
use crate::platform::Platform;
use crate::route::Route;

#[function_component(App)]
pub fn app() -> Html {
    let platform = use_memo((), |_| Platform::detect());
    html! {
        <Shell {platform}>
            <HashRouter>
                <Switch<Route> render={switch} />
            </HashRouter>
        </Shell>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub platform: std::rc::Rc<Platform>,
    pub children: Html,
}

/// What every page's views may ask for: the platform, what the lessons have started,
/// and which parts are loaded. The app gives it the page's router; the build, which
/// renders each route natively, one that holds that route.
#[function_component(Shell)]
pub fn shell(props: &ShellProps) -> Html {
    let started = use_state(Started::default);
    let loaded = use_state(|| crate::parts::PartsLoaded(0));
    html! {
        <ContextProvider<std::rc::Rc<Platform>> context={props.platform.clone()}>
            <ContextProvider<StartedHandle> context={started}>
                <ContextProvider<UseStateHandle<crate::parts::PartsLoaded>> context={loaded}>
                    { props.children.clone() }
                </ContextProvider<UseStateHandle<crate::parts::PartsLoaded>>>
            </ContextProvider<StartedHandle>>
        </ContextProvider<std::rc::Rc<Platform>>>
    }
}

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home | Route::Tour | Route::TourStep { .. } => {
            html! { <Chrome><PartView part={Part::of(&route)} {route} /></Chrome> }
        }
        Route::EmbedTour { .. } => html! { <PartView part={Part::of(&route)} {route} /> },
        Route::Lesson { id } => match lessons::find(&id) {
            Some(lesson) => {
                html! { <Chrome><LessonPage lesson={lesson} embedded={false} /></Chrome> }
            }
            None => html! { <Chrome><NotFound what={id} /></Chrome> },
        },
        Route::Embed { id } => match lessons::find(&id) {
            Some(lesson) => html! { <LessonPage lesson={lesson} embedded={true} /> },
            None => html! { <NotFound what={id} /> },
        },
        Route::NotFound => html! { <Chrome><NotFound what={String::new()} /></Chrome> },
    }
}

#[derive(Properties, PartialEq)]
struct ChromeProps {
    children: Html,
}

/// The full page frame: header, status line, content, footer.
#[function_component(Chrome)]
fn chrome(props: &ChromeProps) -> Html {
    let live = use_context::<crate::platform::Door>().is_none();
    html! {
        <>
            { header(live) }
            <StatusLine />
            <crate::storage::StorageNotice />
            <main id="main" tabindex="-1">{ props.children.clone() }</main>
            { footer() }
        </>
    }
}

/// The site's header: the app's install button once it runs (`live`), else the front
/// door's.
pub fn header(live: bool) -> Html {
    html! {
        <>
            <a class="skip" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <a href="#/" class="brand">
                    <img src="icons/icon.svg" alt="" width="28" height="28" />
                    <span>{ "Interleave" }</span>
                </a>
                <span class="tagline">{ "concurrency is taking turns, parallelism is at the same time" }</span>
                if live {
                    <crate::components::install::InstallButton />
                } else {
                    // The front door's: `boot.js` shows it when the browser offers to
                    // install, and prompts without the app.
                    <button class="install" type="button" id="door-install" hidden=true>{ "Install app" }</button>
                }
            </header>
        </>
    }
}

pub fn footer() -> Html {
    html! {
        <footer class="site-footer">
            { "Interleave runs entirely in your browser: no account, no server, works offline once loaded." }
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct NotFoundProps {
    what: String,
}

#[function_component(NotFound)]
fn not_found(props: &NotFoundProps) -> Html {
    html! {
        <section class="not-found">
            <h1>{ "Nothing here" }</h1>
            if !props.what.is_empty() {
                <p>{ format!("There is no lesson called \u{201c}{}\u{201d}.", props.what) }</p>
            }
            <Link<Route> to={Route::Home}>{ "See all lessons" }</Link<Route>>
        </section>
    }
}
