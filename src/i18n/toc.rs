//! Title and one-line summary of every chapter, in course order, for the contents and
//! headings. These ship in the wasm; the rest of a chapter's prose is fetched (`content/`).

/// A chapter's title and one-sentence summary in one language.
pub struct Heading {
    pub title: &'static str,
    pub summary: &'static str,
}

pub static KO: [Heading; 9] = [
    Heading {
        title: "왜 서버가 필요할까요",
        summary: "내 노트북에서 서비스를 모두 돌리면 무엇이 문제인지, 그래서 서비스가 왜 서버로 옮겨 가는지 알아봐요.",
    },
    Heading {
        title: "서버",
        summary: "서비스를 서버에 배포하면 사용자가 늘수록 왜 느려지는지, 서버를 늘리면 무엇을 얻고 무엇을 치러야 하는지 알아봐요.",
    },
    Heading {
        title: "가상 머신",
        summary: "하이퍼바이저가 서버 한 대를 저마다 운영체제를 가진 여러 가상 머신으로 나누는 방법을, 하드웨어 위에서 바로 도는 1형(서버에서 주로 써요)과 평범한 운영체제 위에서 앱으로 도는 2형으로 나눠 살펴봐요.",
    },
    Heading {
        title: "컨테이너",
        summary: "컨테이너는 1초쯤이면 시작하고, 서버 한 대에 VM보다 훨씬 많이 올릴 수 있어요. 왜 그런지, 그리고 호스트 하나를 함께 쓰는 대가는 무엇인지 알아봐요.",
    },
    Heading {
        title: "네트워크: 포트, IP 주소, DNS",
        summary: "IP 주소로 기기를, 포트로 그 안의 서비스를 찾고, DNS로 example.com 같은 이름을 주소로 바꾸며 요청이 서비스까지 가는 길을 따라가요.",
    },
    Heading {
        title: "로드 밸런싱",
        summary: "로드 밸런서가 요청마다 보낼 서버를 고르는 여러 방법을 비교하고, 서버 한 대가 느려지면 어떻게 되는지 봐요.",
    },
    Heading {
        title: "클러스터",
        summary: "여러 서버를 하나의 시스템처럼 묶어서, 한 대가 고장 나도 나머지가 일을 넘겨받아 사용자가 끊김 없이 서비스를 쓰게 해요.",
    },
    Heading {
        title: "SSH",
        summary: "암호화된 연결로 서버의 명령줄에 접속해 키로 로그인하고, 새 코드를 받아 서비스를 다시 시작해 봐요.",
    },
    Heading {
        title: "도커, 쿠버네티스, GKE",
        summary: "도커로 애플리케이션을 이미지로 묶고, 쿠버네티스가 클러스터에서 원하는 수만큼 컨테이너를 계속 돌리게 하며, GKE에서는 구글 클라우드가 쿠버네티스의 컨트롤 플레인을 대신 운영해 줘요.",
    },
];

pub static EN: [Heading; 9] = [
    Heading {
        title: "Why servers at all",
        summary: "What goes wrong when every service runs on your own laptop, and why services move to a server.",
    },
    Heading {
        title: "The server",
        summary: "Deploy a service to a server, see why it slows down as users pile in, and find out what more servers buy you and what they cost.",
    },
    Heading {
        title: "Virtual machines",
        summary: "A hypervisor splits one server into virtual machines, each with its own operating system, either running straight on the hardware (type 1, the usual kind on servers) or as an app on an ordinary operating system (type 2).",
    },
    Heading {
        title: "Containers",
        summary: "Containers start in about a second, and a server holds far more of them than of VMs: see why, and what sharing one host still costs.",
    },
    Heading {
        title: "Network: ports, IP addresses and DNS",
        summary: "Follow a request to its service: the IP address finds the machine, the port finds the service on it, and DNS turns a name like example.com into an address.",
    },
    Heading {
        title: "Load balancing",
        summary: "Compare the ways a load balancer can pick a server for each request, and see what happens when one server slows down.",
    },
    Heading {
        title: "Clusters",
        summary: "Join several servers into one system so that when one fails, the others take over its work and users keep being served.",
    },
    Heading {
        title: "SSH",
        summary: "Reach a server's command line over an encrypted connection, log in with a key, pull new code and restart the service.",
    },
    Heading {
        title: "Docker, Kubernetes and GKE",
        summary: "Package applications as Docker images, let Kubernetes keep the containers you asked for running across a cluster, and let GKE run Kubernetes' control plane for you on Google Cloud.",
    },
];
