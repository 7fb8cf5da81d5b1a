//! Chapter 1, "The server": deploying, why a busy server slows down, and what more servers cost.
//!
//! The figures match the model in `sim/traffic.rs` (4 workers per server, exponential service
//! time with a 20 ms mean, 1,000 ms timeout, $60 per server per month, round robin) and the
//! challenge in `course.rs` (`SERVERS_CHALLENGE_RPS`, `SERVERS_CHALLENGE_P95_MS`,
//! `HOLD_SECONDS`). The challenge text never names the number of servers: the site computes the
//! cheapest farm itself.

use crate::i18n::copy::{ChapterCopy, Question, Section};

pub static KO: ChapterCopy = ChapterCopy {
    title: "서버",
    summary: "서비스를 서버에 배포하면 사용자가 늘수록 왜 느려지는지, 서버를 늘리면 무엇을 치러야 하는지 알아봐요.",
    intro: &[
        Section {
            heading: "만들고, 배포하고, 접속해요",
            paragraphs: &[
                "코드는 여전히 내 노트북에서 고치고 빌드해요. 다 되면 결과물을 서버로 보내 거기서 실행하는데, 이 과정을 배포라고 해요.",
                "이제 서비스는 서버에서 돌아요. 사용자는 내 노트북이 아니라 서버에 접속해서 서비스를 써요.",
            ],
        },
        Section {
            heading: "서버도 그냥 컴퓨터예요",
            paragraphs: &[
                "서버에도 CPU, 메모리, 디스크가 있어요. 평범한 컴퓨터라서 한계도 똑같아요. 사용자가 많아질수록, 올린 서비스가 많을수록 느려져요.",
                "이 실험실의 서버는 코어가 4개이고, 코어 하나가 한 번에 요청 하나를 처리해요. 요청 하나는 평균 20 ms가 걸리지만 훨씬 빨리 끝나는 것도, 한참 걸리는 것도 있어요. 사용자도 일정한 간격으로 오지 않고 몰렸다 뜸했다 해요.",
            ],
        },
        Section {
            heading: "사용률과 대기열",
            paragraphs: &[
                "사용률은 코어가 일하는 시간의 비율이에요. CPU 게이지가 보여 주는 값이 바로 이거예요. 코어가 모두 바쁠 때 들어온 요청은 대기열에 줄을 서요.",
                "가장 단순한 대기열 모형에서 평균 응답 시간은 처리 시간 ÷ (1 − 사용률)쯤 돼요. 사용률 50%면 처리 시간의 2배, 90%면 10배, 99%면 100배예요. 코어가 여럿이면 조금 덜 기다리지만, CPU가 100%에 가까워질수록 응답 시간이 치솟는 건 똑같아요.",
                "여기서는 1,000 ms가 지나도록 답을 못 받은 요청은 시간 초과예요. 사용자가 기다리다 포기한 거예요.",
            ],
        },
    ],
    try_this: "사용자 슬라이더를 움직이며 CPU 게이지와 p95가 어떻게 변하는지 보세요. 그다음 서버를 더하거나 빼 보고, 월 비용이 어떻게 바뀌는지도 함께 지켜보세요.",
    after: &[
        Section {
            heading: "p50과 p95",
            paragraphs: &[
                "응답 시간은 요청마다 달라서 숫자 하나로는 다 말할 수 없어요. p50은 요청의 절반이 이 시간 안에 끝났다는 뜻이고, p95는 95%가 이 시간 안에 끝났다는 뜻이에요. 거꾸로 말하면 스무 번에 한 번은 p95보다 오래 걸려요.",
                "이 실험실은 최근 5초 동안 끝난 요청으로 둘을 계산하고, 시간 초과된 요청은 1,000 ms로 셈해요. 그래서 요청의 5%보다 많이 시간 초과되면 p95는 1,000 ms를 가리켜요.",
                "평균만 보면 괜찮아 보여도 꽤 많은 사용자가 오래 기다리고 있을 수 있어요. p95는 그 느린 꼬리를 드러내 줘요.",
            ],
        },
        Section {
            heading: "서버를 늘리면",
            paragraphs: &[
                "흔한 해결책은 서버를 더 두는 거예요. 서버들 앞에 있는 로드 밸런서가 요청을 나눠 주면 서버마다 받는 요청이 줄고 사용률도 내려가요.",
                "여기서는 로드 밸런서가 요청을 서버마다 차례로 하나씩, 고르게 나눠 줘요. 이 방식을 라운드 로빈이라고 해요. 다른 방식은 뒤의 로드 밸런싱 장에서 자세히 다뤄요.",
                "하지만 서버는 공짜가 아니에요. 여기서는 한 대에 매달 60달러가 들어요. 서버가 많아지면 배포하고, 살피고, 고장 난 서버를 찾아내는 일도 그만큼 어려워지는데, 뒤의 장들에서 이 문제를 하나씩 풀어 가요.",
            ],
        },
    ],
    challenge_title: "느리지 않게, 가장 싸게",
    challenge_text: "사용자 슬라이더를 초당 1,000 요청 이상에 두고, p95를 150 ms 미만으로 시뮬레이션 시간으로 30초 동안 유지하세요. 월 비용은 이 조건을 지킬 수 있는 가장 낮은 값이어야 해요. 가장 낮은 비용은 실험실이 자기 모형으로 직접 계산해요.",
    challenge_hint: "서버 한 대의 코어 4개가 요청마다 평균 20 ms를 쓰니, 한 대는 1초에 많아야 4 × 1000 ÷ 20 = 200개를 끝내요. 딱 그만큼만 서버를 두면 CPU가 100%에 붙어서 대기열이 쌓이기만 하고 요청이 시간 초과되기 시작해요. 여유를 조금 남기고, 서버를 한 대씩 더하거나 빼면서 p95가 150 ms 아래에 머무는 가장 적은 대수를 찾아보세요.",
    challenge_solved: "해냈어요! 목표를 지키는 가장 싼 구성을 찾았어요. 서버를 너무 빡빡하게 쓰면 사용자가 기다리고, 너무 넉넉하게 두면 노는 코어에 돈을 내게 돼요.",
    quiz: &[
        Question {
            id: "servers/q1",
            prompt: "응답 시간을 볼 때 평균보다 p95를 보는 까닭은 무엇일까요?",
            choices: &[
                "p95는 늘 평균보다 작기 때문이에요.",
                "p95는 시간 초과된 요청을 빼고 계산하기 때문이에요.",
                "평균은 느린 요청을 가려 버리지만, p95는 스무 번에 한 번꼴로 겪는 느린 응답을 보여 주기 때문이에요.",
            ],
            correct: 2,
            explanation: "p95는 요청의 95%가 끝난 시간이에요. 요청의 94%가 10 ms, 6%가 1,000 ms 걸리면 평균은 약 70 ms로 괜찮아 보이지만 p95는 1,000 ms예요. 느린 요청을 겪는 사용자가 그만큼 있다는 걸 p95가 알려 줘요.",
        },
        Question {
            id: "servers/q2",
            prompt: "가장 단순한 대기열 모형에서 사용률이 50%에서 90%로 오르면 평균 응답 시간은 어떻게 될까요?",
            choices: &[
                "사용률이 오른 만큼, 약 1.8배가 돼요.",
                "약 5배가 돼요.",
                "100%가 되기 전까지는 그대로예요.",
                "절반으로 줄어요.",
            ],
            correct: 1,
            explanation: "평균 응답 시간은 처리 시간 ÷ (1 − 사용률)쯤이에요. 50%면 처리 시간의 2배, 90%면 10배이니 5배가 돼요. 부하는 1.8배 늘었을 뿐인데 응답 시간은 5배로 늘어나요.",
        },
        Question {
            id: "servers/q3",
            prompt: "서버들이 1초에 끝낼 수 있는 것보다 많은 요청이 계속 들어오면 어떻게 될까요?",
            choices: &[
                "대기열이 계속 길어지고, 1,000 ms를 넘긴 요청은 시간 초과돼요.",
                "서버가 알아서 더 빨리 일해요.",
                "들어오는 요청이 저절로 줄어요.",
            ],
            correct: 0,
            explanation: "코어가 처리하는 속도는 그대로인데 요청은 더 빨리 들어오니, 남는 요청이 대기열에 쌓이기만 해요. 줄이 길어질수록 기다리는 시간도 길어져서, 결국 1,000 ms를 넘긴 요청은 시간 초과돼요.",
        },
        Question {
            id: "servers/q4",
            prompt: "이미 목표를 넉넉히 지키고 있는데 서버를 더 늘리면 어떻게 될까요?",
            choices: &[
                "p95가 계속 내려가서 0에 가까워져요.",
                "비용은 한 대에 매달 60달러씩 늘지만 p95는 거의 나아지지 않아요.",
                "비용은 그대로예요.",
            ],
            correct: 1,
            explanation: "기다림이 거의 사라지면 남는 건 요청을 처리하는 시간 자체예요. 이 모형에서는 처리 시간이 들쭉날쭉해서 스무 번에 한 번은 60 ms쯤 넘게 걸리기 때문에, 서버를 아무리 늘려도 p95는 약 60 ms 아래로 내려가지 않아요. 그런데 비용은 서버마다 매달 꼬박꼬박 늘어요.",
        },
    ],
};

pub static EN: ChapterCopy = ChapterCopy {
    title: "The server",
    summary: "Deploy a service to a server, see why it slows down as users pile in, and find out what more servers cost.",
    intro: &[
        Section {
            heading: "Build, deploy, connect",
            paragraphs: &[
                "You still write and build your code on your laptop. When it is ready, you copy the result to the server and start it there; that step is called deploying.",
                "From then on the service runs on the server. Users connect to the server to use it, not to your laptop.",
            ],
        },
        Section {
            heading: "A server is just a computer",
            paragraphs: &[
                "A server has a CPU, memory and disks like any other computer, so it has the same kind of limits. The more users it serves, and the more services it runs, the slower it gets.",
                "In this lab each server has 4 cores, and each core works on one request at a time. A request takes 20 ms on average, but some finish much sooner and some take much longer. Users don't arrive on a neat schedule either: requests come in bursts and lulls.",
            ],
        },
        Section {
            heading: "Busy, then far too busy",
            paragraphs: &[
                "Utilisation is the share of time the cores spend working; it is what the CPU gauge shows. When every core is busy, a new request waits in a queue.",
                "In the simplest queue, the average response time is roughly the service time ÷ (1 − utilisation). That is twice the service time at 50% utilisation, ten times at 90% and a hundred times at 99%. Several cores soften the numbers, but not the shape: as the CPU nears 100%, response time shoots up.",
                "Here a request with no answer after 1,000 ms has timed out: the user has given up waiting.",
            ],
        },
    ],
    try_this: "Move the users slider and watch the CPU gauges and p95. Then add or remove servers and keep an eye on the monthly cost.",
    after: &[
        Section {
            heading: "p50 and p95",
            paragraphs: &[
                "Response times vary from request to request, so no single number tells the whole story. p50 is the time within which half of the requests finished; p95 is the time within which 95% finished. Put the other way, one request in twenty takes longer than p95.",
                "The lab works both out from the requests that finished in the last 5 seconds, counting a timed-out request as 1,000 ms. So once more than 5% of requests time out, p95 reads 1,000 ms.",
                "An average can look healthy while a fair share of users wait far too long. p95 shows you that slow tail.",
            ],
        },
        Section {
            heading: "More servers",
            paragraphs: &[
                "The usual fix is more servers. A load balancer in front of them hands each request to one server, so each server gets fewer requests and its utilisation drops.",
                "The load balancer here simply deals requests out in turn, one to each server, like cards. That is called round robin; the load balancing chapter looks at other ways to choose.",
                "Servers aren't free, though: each one costs $60 a month here. And every extra server is one more machine to deploy to, keep an eye on and fix when it breaks; the later chapters take those problems one at a time.",
            ],
        },
    ],
    challenge_title: "Fast enough, as cheaply as possible",
    challenge_text: "Set the users slider to at least 1,000 requests per second and keep p95 under 150 ms for 30 simulated seconds, at the lowest monthly cost that can do it. The lab works out that lowest cost from its own model.",
    challenge_hint: "Each of a server's 4 cores spends 20 ms per request on average, so one server can finish at most 4 × 1000 ÷ 20 = 200 requests per second. Run just enough servers for the load and the CPUs sit at 100%: the queues only grow and requests start timing out. Leave some headroom, then add or remove one server at a time and look for the fewest that keep p95 under 150 ms.",
    challenge_solved: "Solved! That is the cheapest setup that meets the target. Run servers too hot and users wait; run them too cool and you pay for idle cores.",
    quiz: &[
        Question {
            id: "servers/q1",
            prompt: "Why watch p95 rather than the average response time?",
            choices: &[
                "p95 is always lower than the average.",
                "p95 leaves out requests that timed out.",
                "An average can hide slow requests; p95 shows what the slowest one request in twenty runs into.",
            ],
            correct: 2,
            explanation: "p95 is the time within which 95% of requests finished. If 94% of requests take 10 ms and 6% take 1,000 ms, the average is about 70 ms and looks fine, but p95 is 1,000 ms. p95 tells you that a real share of users is waiting.",
        },
        Question {
            id: "servers/q2",
            prompt: "In the simplest queue, utilisation rises from 50% to 90%. What happens to the average response time?",
            choices: &[
                "It grows about 1.8 times, in step with the load.",
                "It grows about 5 times.",
                "Nothing, until utilisation reaches 100%.",
                "It halves.",
            ],
            correct: 1,
            explanation: "The average response time is roughly the service time ÷ (1 − utilisation): twice the service time at 50%, ten times at 90%. The load grew 1.8 times, but the response time grew 5 times.",
        },
        Question {
            id: "servers/q3",
            prompt: "What happens when requests keep arriving faster than the servers can finish them?",
            choices: &[
                "The queues keep growing, and requests that pass 1,000 ms time out.",
                "The servers speed up to keep pace.",
                "Fewer requests arrive on their own.",
            ],
            correct: 0,
            explanation: "The cores work no faster, yet requests arrive faster than they leave, so the extra ones pile up in the queues. The longer the queue, the longer each request waits, until requests past 1,000 ms time out.",
        },
        Question {
            id: "servers/q4",
            prompt: "You already meet the target with room to spare. What happens if you add more servers?",
            choices: &[
                "p95 keeps falling towards zero.",
                "The cost rises by $60 a month per server, but p95 barely improves.",
                "The cost stays the same.",
            ],
            correct: 1,
            explanation: "Once requests hardly wait, what is left is the work itself. In this model the work varies, and about one request in twenty takes longer than 60 ms even with no queue at all, so p95 never drops below about 60 ms however many servers you add. The bill, meanwhile, grows with every server, every month.",
        },
    ],
};
