//! Chapter 0, why servers at all: three services on your laptop, or moved to a server.

use leptos::prelude::*;

use crate::course::{Challenge, ChapterId};
use crate::i18n::{tr, ui};
use crate::sim::laptop::{Place, Service};
use crate::sim::{Action, Metric};
use crate::ui::chapter::ChapterPage;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{latest_figure, Figure};

#[component]
pub fn WhyChapter(transport: Transport, challenge: Challenge) -> impl IntoView {
    view! {
        <ChapterPage id=ChapterId::WhyServers transport=transport challenge=challenge>
            <LaptopLab lab=transport.lab />
        </ChapterPage>
    }
}

#[component]
pub fn LaptopLab(lab: Lab) -> impl IntoView {
    let ui = ui();
    let awake = move || lab.with(|w| w.laptop().is_some_and(|l| l.awake()));
    let toggle_lid = move |_| {
        let _ = lab.apply(Action::SetLaptopAwake { awake: !awake() });
    };
    let latest = move |metric: Metric| latest_figure(lab, metric);
    view! {
        <div class="laptop-lab">
            <div class="machines">
                <section class="machine" data-place="laptop" data-awake=move || awake().to_string() aria-labelledby="m-laptop">
                    <h3 id="m-laptop">
                        {tr(|u| u.your_laptop)}
                    </h3>
                    <button type="button" data-testid="lid" aria-pressed=move || (!awake()).to_string() on:click=toggle_lid>
                        {move || if awake() { ui.get().lid_close } else { ui.get().lid_open }}
                    </button>
                    <Show when=move || !awake()>
                        <p class="warning">{tr(|u| u.lid_closed_note)}</p>
                    </Show>
                    <ServiceList lab=lab place=Place::Laptop />
                </section>
                <section class="machine" data-place="server" aria-labelledby="m-server">
                    <h3 id="m-server">
                        {tr(|u| u.the_server)}
                    </h3>
                    <ServiceList lab=lab place=Place::Server />
                </section>
            </div>
            <dl class="figures">
                <Figure label=|u| u.build_time value=latest(Metric::BuildSeconds) testid="build-time" />
                <Figure label=|u| u.laptop_cpu value=latest(Metric::LaptopCpuPercent) testid="laptop-cpu" />
                <Figure label=|u| u.success_rate value=latest(Metric::SuccessPercent) testid="success" />
                <Figure label=|u| u.exposed value=latest(Metric::ExposedOnLaptop) testid="exposed" />
            </dl>
            <EventFeed lab=lab />
        </div>
    }
}

/// The services on one machine, each with a button that moves it to the other.
#[component]
fn ServiceList(lab: Lab, place: Place) -> impl IntoView {
    let ui = ui();
    let other = match place {
        Place::Laptop => Place::Server,
        Place::Server => Place::Laptop,
    };
    let here = move || {
        lab.with(|w| {
            Service::ALL
                .into_iter()
                .filter(|s| w.laptop().and_then(|l| l.place_of(*s)) == Some(place))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="empty" hidden=move || !here().is_empty()>{tr(|u| u.nothing_here)}</p>
        <ul class="services">
            {move || {
                here()
                    .into_iter()
                    .map(|service| {
                        let name = (ui.get().service_name)(service);
                        view! {
                            <li class="service" data-service=format!("{service:?}")>
                                <span class="service-name">{name}</span>
                                <span class="service-port">{format!("{} {}", ui.get().port, service.port())}</span>
                                <button
                                    type="button"
                                    aria-label=format!("{name}: {}", (ui.get().move_to)(other))
                                    on:click=move |_| {
                                        let _ = lab.apply(Action::MoveService { service, to: other });
                                    }
                                >
                                    {(ui.get().move_to)(other)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
