//! Chapter 0, "Why servers at all": why services leave the developer's laptop for a server.
//!
//! The challenge figures (success >= 99 %, build under 15 s, nothing exposed on the laptop,
//! held for 10 simulated seconds) match `WHY_SUCCESS_PERCENT`, `WHY_BUILD_LIMIT_S` and
//! `WHY_HOLD_SECONDS` in `course.rs`.

use crate::i18n::copy::{ChapterCopy, Question, Section};

pub static KO: ChapterCopy = ChapterCopy {
    title: "왜 서버가 필요할까요",
    summary: "내 노트북에서 서비스를 모두 돌리면 무엇이 문제인지, 그래서 서비스가 왜 서버로 옮겨 가는지 알아봐요.",
    intro: &[
        Section {
            heading: "노트북 한 대에 전부",
            paragraphs: &[
                "서비스는 보통 개발자의 노트북에서 처음 돌아가요. 쇼핑몰 웹사이트도, 데이터베이스도, 챗봇도 전부 한 컴퓨터에서요. 혼자 시험해 볼 때는 이걸로 충분해요.",
                "진짜 사용자가 오기 시작하면 사정이 달라져요. 요청 하나를 처리할 때마다 CPU 시간이 드는데, 그 CPU는 내가 코드를 짜고 빌드하는 바로 그 CPU예요.",
            ],
        },
        Section {
            heading: "내 개발이 느려져요",
            paragraphs: &[
                "노트북의 코어 수는 정해져 있어요. 서비스가 코어를 쓰는 만큼 빌드가 쓸 코어가 줄어들어요. 그래서 서비스가 바빠질수록 빌드 한 번이 점점 오래 걸려요.",
                "하루에 수십 번 빌드한다면, 한 번에 몇 초씩만 늘어도 금세 큰 시간이 돼요.",
            ],
        },
        Section {
            heading: "뚜껑을 덮으면 서비스도 멈춰요",
            paragraphs: &[
                "노트북은 뚜껑을 덮으면 보통 잠자기에 들어가요. 잠든 동안에는 그 안의 서비스가 어떤 요청에도 답하지 못하고, 사용자의 요청은 모두 실패해요.",
                "내가 퇴근하거나 잠들 때마다 꺼지는 서비스라면 사용자가 믿고 쓸 수 없어요.",
            ],
        },
        Section {
            heading: "내 컴퓨터를 인터넷에 연다는 것",
            paragraphs: &[
                "다른 사람이 내 노트북의 서비스를 쓰려면 노트북이 인터넷에서 닿을 수 있어야 해요. 그런데 인터넷에는 열린 포트를 찾아 주소를 하나하나 두드려 보는 자동 스캐너가 밤낮없이 돌아다녀요.",
                "노트북에는 사진, 문서, 저장된 비밀번호, 회사 코드 같은 내 개인 파일이 다 들어 있어요. 서비스에 빈틈이 하나만 있어도 이 파일들이 위험해져요.",
            ],
        },
    ],
    try_this: "서비스를 하나씩 노트북에서 서버로 옮겨 보고, 노트북 뚜껑도 닫아 보세요. 그때마다 빌드 시간, 노트북 CPU, 성공률, 노트북에 들어오는 낯선 접속 시도가 어떻게 달라지는지 지켜보세요.",
    after: &[Section {
        heading: "그래서 서비스는 서버로 가요",
        paragraphs: &[
            "답은 서비스를 다른 컴퓨터로 옮기는 거예요. 서비스를 돌리도록 준비하고, 처음부터 사용자에게 열어 둔 컴퓨터를 서버라고 해요.",
            "서버는 밤낮없이 켜 두는 것을 전제로 준비하고, 서비스 말고는 내 개인 파일을 두지 않아요. 스캐너는 서버에도 찾아오지만, 서버는 처음부터 인터넷을 마주하도록 설정한 컴퓨터예요. 서비스가 떠나면 노트북의 코어도 다시 온전히 내 것이 돼요.",
            "서버라고 특별한 기계는 아니에요. CPU와 메모리와 디스크를 가진, 내 노트북과 같은 컴퓨터예요. 다음 장에서는 서버가 바빠지면 무슨 일이 생기는지 살펴봐요.",
        ],
    }],
    challenge_title: "노트북 비우기",
    challenge_text: "성공률 99% 이상, 빌드 시간 15초 미만, 노트북에 열린 서비스 0개. 이 세 조건을 시뮬레이션 시간으로 10초 동안 한꺼번에 지켜 보세요.",
    challenge_hint: "서비스 세 개를 모두 서버로 옮겨 보세요. 노트북에 남은 서비스는 하나라도 인터넷에 열려 있어야 하니까요.",
    challenge_solved: "해냈어요! 노트북은 다시 코드를 짜는 곳이 되었고, 서비스는 뚜껑을 열든 닫든 서버에서 계속 돌아가요.",
    quiz: &[
        Question {
            id: "why/q1",
            prompt: "서비스를 노트북에서 돌리면 빌드가 느려지는 까닭은 무엇일까요?",
            choices: &[
                "서비스가 소스 코드를 바꾸기 때문이에요.",
                "서비스와 빌드가 같은 CPU 코어를 나눠 쓰기 때문이에요.",
                "서비스 때문에 인터넷이 느려지기 때문이에요.",
            ],
            correct: 1,
            explanation: "코어 수는 정해져 있어요. 서비스가 요청을 처리하느라 쓴 CPU 시간만큼 빌드가 쓸 몫이 줄어들어서, 같은 빌드도 더 오래 걸려요.",
        },
        Question {
            id: "why/q2",
            prompt: "노트북 뚜껑을 덮으면, 노트북에서 돌던 서비스의 사용자는 어떻게 될까요?",
            choices: &[
                "요청이 조금 느려질 뿐이에요.",
                "요청이 알아서 서버로 넘어가요.",
                "아무 차이도 없어요.",
                "요청이 실패해요.",
            ],
            correct: 3,
            explanation: "잠든 컴퓨터는 요청에 답하지 못해요. 요청을 다른 컴퓨터로 넘겨 줄 장치를 따로 마련하지 않았다면, 노트북이 깨어날 때까지 요청은 그냥 실패해요.",
        },
        Question {
            id: "why/q3",
            prompt: "개인 노트북을 인터넷에 열어 두는 것이 특히 위험한 까닭은 무엇일까요?",
            choices: &[
                "열린 포트를 찾는 자동 스캐너가 늘 돌아다니는데, 노트북에는 내 개인 파일이 있기 때문이에요.",
                "인터넷에 열면 노트북이 더 뜨거워지기 때문이에요.",
                "노트북은 IP 주소를 가질 수 없기 때문이에요.",
            ],
            correct: 0,
            explanation: "인터넷에 열린 주소는 곧 자동 스캐너가 찾아내요. 서비스에 빈틈이 하나라도 있으면 그 뒤에 있는 사진, 문서, 비밀번호까지 위험해져요. 서버는 그런 개인 파일 없이 서비스만 두도록 준비한 컴퓨터예요.",
        },
    ],
};

pub static EN: ChapterCopy = ChapterCopy {
    title: "Why servers at all",
    summary: "What goes wrong when every service runs on your own laptop, and why services move to a server.",
    intro: &[
        Section {
            heading: "Everything on one laptop",
            paragraphs: &[
                "Most services start life on the developer's own laptop: the web shop, its database and a chat bot, all on one machine. For trying things out, that works fine.",
                "Real users change the picture. Every request they send costs CPU time, and it is the same CPU you write and build your code on.",
            ],
        },
        Section {
            heading: "Your own work slows down",
            paragraphs: &[
                "A laptop has a fixed number of cores. Whatever the services use, your build can't, so the busier the services get, the longer each build takes.",
                "If you build dozens of times a day, even a few extra seconds per build soon add up.",
            ],
        },
        Section {
            heading: "Close the lid, lose the service",
            paragraphs: &[
                "Close a laptop's lid and it usually goes to sleep. While it sleeps, the services on it answer nothing, and every request from your users fails.",
                "A service that stops whenever you go home or go to bed is not one people can rely on.",
            ],
        },
        Section {
            heading: "Your laptop, open to everyone",
            paragraphs: &[
                "For other people to use a service on your laptop, the laptop has to be reachable from the internet. Automated scanners sweep the internet day and night, knocking on every open port they find.",
                "Your laptop also holds your photos, documents, saved passwords and work code. One weak spot in one service puts all of it at risk.",
            ],
        },
    ],
    try_this: "Move the services from the laptop to the server one at a time, and try closing the lid. Each time, watch the build time, the laptop's CPU, the success rate and the probes from strangers that reach the laptop.",
    after: &[Section {
        heading: "So the services move out",
        paragraphs: &[
            "The answer is to run the services on another computer, one set up for the job and opened to users on purpose. That computer is a server.",
            "A server is meant to stay on day and night, and it holds the service, not your personal files. Scanners knock on servers too, but a server is configured from the start to face the internet. And once the services leave, your laptop's cores are yours again.",
            "A server is not a special kind of machine: it has a CPU, memory and disks, just like your laptop. The next chapter looks at what happens when one gets busy.",
        ],
    }],
    challenge_title: "Clear the laptop",
    challenge_text: "Keep the success rate at 99% or higher, the build time under 15 seconds and no service exposed on the laptop, all three together, for 10 simulated seconds.",
    challenge_hint: "Move all three services to the server. Any service left on the laptop has to be open to the internet.",
    challenge_solved: "Done! Your laptop is a place to write code again, and the services keep running on the server whether the lid is open or closed.",
    quiz: &[
        Question {
            id: "why/q1",
            prompt: "Why does your build get slower when services run on your laptop?",
            choices: &[
                "The services change your source code.",
                "The services and the build share the same CPU cores.",
                "The services slow down your internet connection.",
            ],
            correct: 1,
            explanation: "The laptop has a fixed number of cores. Every bit of CPU time the services spend on requests is time the build doesn't get, so the same build takes longer.",
        },
        Question {
            id: "why/q2",
            prompt: "You close your laptop's lid. What happens to the users of the services running on it?",
            choices: &[
                "Their requests just get a little slower.",
                "Their requests move over to a server by themselves.",
                "Nothing changes for them.",
                "Their requests fail.",
            ],
            correct: 3,
            explanation: "A sleeping computer can't answer requests. Unless you have set up something to send them elsewhere, every request fails until the laptop wakes up.",
        },
        Question {
            id: "why/q3",
            prompt: "Why is opening your personal laptop to the internet especially risky?",
            choices: &[
                "Automated scanners are always looking for open ports, and your laptop holds your personal files.",
                "Being reachable from the internet makes the laptop run hotter.",
                "A laptop can't have an IP address.",
            ],
            correct: 0,
            explanation: "Anything reachable from the internet is soon found by scanners. If a service has one weak spot, whoever gets in is on the machine with your photos, documents and passwords. A server holds the service and none of that.",
        },
    ],
};
