//! Random commands keep the todo counters exact: after every one the counters, each viewer's
//! total, a brute-force count and the whole list agree (`common::todo::check`).

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::todo::{check, complete, countersign, offer, offered, start};
use common::{assert_todo_counters, databases, T0};
use serde_json::json;
use woc_engine::{Command, ManualClock};
use woc_store::{with_pool, SqlStore};

/// A small deterministic generator (xorshift64*): the seed (`WOC_TODO_SEED`) fixes the choices;
/// only ties between tasks one command created fall to their random ids.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Random commands (many refused by the engine: a refused command must change nothing) on
/// random open tasks and instances; the counters are checked after every one.
#[tokio::test]
async fn random_commands_keep_the_counters_exact() {
    const USERS: &[&str] = &["m", "z", "y", "Y", "a", "boss", "s", "émile"];
    const GROUPS: &[&str] = &["hr", "managers", "b-team", "B-team"];
    let seed = std::env::var("WOC_TODO_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        store.deploy(&offer("first"), None).await.unwrap();
        store.deploy(&countersign(), None).await.unwrap();
        let mut random = Random(seed);
        let mut instances: Vec<String> = Vec::new();
        let mut outcomes = BTreeMap::<&str, (u32, u32)>::new();
        for step in 0..300 {
            clock.advance(1_000);
            let open: Vec<String> = with_pool!(store.db(), |pool| {
                sqlx::query_scalar(
                    "SELECT task_id FROM open_tasks ORDER BY created_at, assignee, task_id",
                )
                .fetch_all(pool)
                .await
                .unwrap()
            });
            let task = if open.is_empty() {
                "none".to_string()
            } else {
                open[random.below(open.len())].clone()
            };
            let instance = if instances.is_empty() {
                "none".to_string()
            } else {
                instances[random.below(instances.len())].clone()
            };
            let user = random.pick(USERS);
            let list = |random: &mut Random, from: &[&str]| -> String {
                let n = random.below(4);
                (0..n)
                    .map(|_| random.pick(from))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let (name, command) = match random.below(17) {
                0 | 1 => {
                    let assignee = if random.below(3) == 0 { user } else { "" };
                    let users = list(&mut random, USERS);
                    let groups = list(&mut random, GROUPS);
                    ("start", offered(assignee, &users, &groups))
                }
                2 => {
                    let signers: Vec<&str> = (0..1 + random.below(3))
                        .map(|_| random.pick(USERS))
                        .collect();
                    ("start sign", start("sign", json!({ "signers": signers })))
                }
                3 | 4 => ("complete", complete(&task)),
                5 => ("claim", Command::Claim { task_id: task }),
                6 => ("unclaim", Command::Unclaim { task_id: task }),
                7 => (
                    "delegate",
                    Command::Delegate {
                        task_id: task,
                        to: random.pick(USERS).into(),
                        comment: None,
                    },
                ),
                8 => (
                    "resolve",
                    Command::Resolve {
                        task_id: task,
                        variables: Default::default(),
                        comment: None,
                    },
                ),
                9 => (
                    "transfer",
                    Command::Transfer {
                        task_id: task,
                        to: random.pick(USERS).into(),
                        comment: None,
                    },
                ),
                10 => (
                    "return",
                    Command::Return {
                        task_id: task,
                        target_node: "first".into(),
                        comment: None,
                    },
                ),
                11 => {
                    let assignee = (random.below(2) == 0).then(|| random.pick(USERS).to_string());
                    let users = list(&mut random, USERS);
                    let candidate_users = users
                        .split(',')
                        .filter(|u| !u.is_empty())
                        .map(String::from)
                        .collect();
                    let assign = Command::Assign {
                        task_id: task,
                        assignee,
                        candidate_users,
                    };
                    ("assign", assign)
                }
                12 => (
                    "jump",
                    Command::Jump {
                        instance_id: instance,
                        target_node: ["first", "second", "end", "countersign", "done"]
                            [random.below(5)]
                        .into(),
                        from_task: None,
                        comment: None,
                    },
                ),
                13 => {
                    let suspend = if random.below(2) == 0 {
                        Command::Suspend {
                            instance_id: instance,
                        }
                    } else {
                        Command::Activate {
                            instance_id: instance,
                        }
                    };
                    ("suspend/activate", suspend)
                }
                14 => {
                    let command = match random.below(4) {
                        0 => Command::Cancel {
                            instance_id: instance,
                            comment: None,
                        },
                        1 => Command::Withdraw {
                            instance_id: instance,
                            comment: None,
                        },
                        2 => Command::Reject {
                            task_id: task,
                            comment: None,
                        },
                        _ => Command::DeleteTask {
                            task_id: task,
                            reason: None,
                        },
                    };
                    ("end or delete", command)
                }
                15 => (
                    "add signer",
                    Command::AddSigners {
                        task_id: task,
                        users: vec![random.pick(USERS).into()],
                    },
                ),
                _ => (
                    "remove signer",
                    Command::RemoveSigner {
                        task_id: task,
                        user: random.pick(USERS).into(),
                    },
                ),
            };
            let what = format!("{label}, seed {seed:#x}, step {step}: {command:?} by {user}");
            let result = store.execute(command, Some(user)).await;
            let counted = outcomes.entry(name).or_default();
            match result {
                Ok(outcome) => {
                    counted.0 += 1;
                    if name.starts_with("start") {
                        instances.push(outcome.instance_id);
                    }
                }
                Err(_) => counted.1 += 1,
            }
            assert_todo_counters(store.db(), &what).await;
            if step % 20 == 0 {
                check(&store, &what).await;
            }
        }
        check(&store, &format!("{label}: after the random commands")).await;
        // (successes, refusals) per kind, for a reader wondering what was exercised.
        eprintln!("{label}: {outcomes:?}");
        let applied = outcomes.values().map(|(ok, _)| ok).sum::<u32>();
        assert!(
            applied > 100,
            "{label}: too few commands applied: {outcomes:?}"
        );
        db.remove().await;
    }
}
