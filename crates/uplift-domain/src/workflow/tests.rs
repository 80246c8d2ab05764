#![allow(clippy::unwrap_used)]

use std::collections::{BTreeSet, HashSet, VecDeque};

use proptest::prelude::*;
use proptest::sample::{Index, select};

use super::*;
use crate::campaign::DEFAULT_RANGE;
use crate::lang::Localized;

use Action as A;
use ParticipationState as S;

const PROVINCE: Party = Party::User(Role::Province);
const CITY: Party = Party::User(Role::City);
const BODY: Party = Party::User(Role::CertificationBody);
const SUPPORT: Party = Party::User(Role::SupportUnit);
const ENTERPRISE: Party = Party::User(Role::Enterprise);

/// An open campaign in which every precondition holds.
fn open() -> Facts<'static> {
    Facts {
        campaign: CampaignStatus::Open,
        city_count: 3,
        city_range: DEFAULT_RANGE,
        selected_count: 0,
        quota: 50,
        eligible: true,
        consent: Consent::Confirmed,
        body_confirmed: true,
        reason: Some("理由"),
    }
}

/// `None` (not in the campaign) and every state.
fn origins() -> Vec<Option<ParticipationState>> {
    std::iter::once(None)
        .chain(ParticipationState::ALL.into_iter().map(Some))
        .collect()
}

fn permitted(from: Option<ParticipationState>, action: Action, party: Party) -> bool {
    row_for(from, action).is_some_and(|row| row.who.contains(&party))
}

#[test]
fn every_state_action_and_party_is_allowed_exactly_where_a_row_says_so() {
    let mut allowed = 0;
    let mut checked = 0;
    for from in origins() {
        for action in Action::ALL {
            for party in Party::ALL {
                let result = transition(from, action, party, &open());
                let rows: Vec<&Transition> = TRANSITIONS
                    .iter()
                    .filter(|r| r.from == from && r.action == action)
                    .collect();
                match rows.as_slice() {
                    [] => assert_eq!(result, Err(Refusal::NotFromThisState { from, action })),
                    [row] if row.who.contains(&party) => {
                        assert_eq!(result, Ok(row.to), "{from:?} {action:?} {party:?}");
                        allowed += 1;
                    }
                    [_] => assert_eq!(result, Err(Refusal::NotPermitted { action, party })),
                    _ => unreachable!("two rows for {from:?} {action:?}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 18 * 21 * 9);
    let named: usize = TRANSITIONS.iter().map(|r| r.who.len()).sum();
    assert_eq!(allowed, named);
}

#[test]
fn the_table_has_at_most_one_row_per_state_and_action() {
    let mut seen = HashSet::new();
    for row in TRANSITIONS {
        assert!(seen.insert((row.from, row.action)), "{row:?}");
        assert!(!row.who.is_empty(), "{row:?}");
    }
}

#[test]
fn every_state_is_reachable_from_the_start() {
    let mut reached: BTreeSet<ParticipationState> = BTreeSet::new();
    let mut queue: VecDeque<Option<ParticipationState>> = VecDeque::from([None]);
    let mut seen: HashSet<Option<ParticipationState>> = HashSet::from([None]);
    while let Some(from) = queue.pop_front() {
        for row in TRANSITIONS.iter().filter(|r| r.from == from) {
            if seen.insert(row.to) {
                queue.push_back(row.to);
            }
            if let Some(to) = row.to {
                reached.insert(to);
            }
        }
    }
    let all: BTreeSet<ParticipationState> = ParticipationState::ALL.into_iter().collect();
    assert_eq!(reached, all);
}

#[test]
fn the_start_states_are_an_application_and_a_recommendation() {
    let starts: Vec<_> = TRANSITIONS
        .iter()
        .filter(|r| r.from.is_none())
        .map(|r| (r.action, r.to))
        .collect();
    assert_eq!(
        starts,
        [
            (A::Apply, Some(S::Applied)),
            (A::Recommend, Some(S::Recommended))
        ]
    );
}

#[test]
fn every_non_final_state_can_be_left() {
    for state in ParticipationState::ALL {
        let ways_out = TRANSITIONS
            .iter()
            .filter(|r| r.from == Some(state) && r.to != Some(state))
            .count();
        assert_eq!(ways_out > 0, !state.is_final(), "{state:?}");
    }
}

#[test]
fn no_action_leads_out_of_a_final_state() {
    for row in TRANSITIONS {
        assert!(!row.from.is_some_and(|s| s.is_final()), "{row:?}");
    }
    let finals: Vec<_> = ParticipationState::ALL
        .into_iter()
        .filter(|s| s.is_final())
        .collect();
    assert_eq!(
        finals,
        [S::Completed, S::Declined, S::Returned, S::Withdrawn]
    );
}

#[test]
fn every_non_final_state_may_be_withdrawn_by_the_enterprise_or_the_province() {
    for state in ParticipationState::ALL
        .into_iter()
        .filter(|s| !s.is_final())
    {
        for party in Party::ALL {
            let allowed = party == ENTERPRISE || party == PROVINCE;
            let result = transition(Some(state), A::Withdraw, party, &open());
            assert_eq!(result.is_ok(), allowed, "{state:?} {party:?}");
        }
        assert_eq!(
            transition(Some(state), A::Withdraw, PROVINCE, &open()),
            Ok(Some(S::Withdrawn))
        );
    }
}

#[test]
fn a_closed_campaign_refuses_every_action() {
    for (status, refusal) in [
        (CampaignStatus::Closed, Refusal::CampaignClosed),
        (CampaignStatus::Draft, Refusal::CampaignNotOpen),
    ] {
        let facts = Facts {
            campaign: status,
            ..open()
        };
        for from in origins() {
            for action in Action::ALL {
                for party in Party::ALL {
                    assert_eq!(transition(from, action, party, &facts), Err(refusal));
                }
            }
        }
    }
    assert_eq!(Facts::default().campaign, CampaignStatus::Draft);
}

fn any_origin() -> impl Strategy<Value = Option<ParticipationState>> {
    prop_oneof![
        Just(None),
        select(ParticipationState::ALL.to_vec()).prop_map(Some)
    ]
}

/// Any facts at all, not only the permissive ones: permission does not depend on them.
fn any_facts() -> impl Strategy<Value = Facts<'static>> {
    (
        select(CampaignStatus::ALL.to_vec()),
        0u32..8,
        0u32..60,
        0u32..60,
        any::<bool>(),
        select(Consent::ALL.to_vec()),
        any::<bool>(),
        select(vec![None, Some(""), Some("  "), Some("理由")]),
    )
        .prop_map(
            |(campaign, city_count, selected_count, quota, eligible, consent, body, reason)| {
                Facts {
                    campaign,
                    city_count,
                    city_range: DEFAULT_RANGE,
                    selected_count,
                    quota,
                    eligible,
                    consent,
                    body_confirmed: body,
                    reason,
                }
            },
        )
}

proptest! {
    #[test]
    fn no_sequence_of_actions_by_unauthorised_parties_changes_a_state(
        start in any_origin(),
        steps in prop::collection::vec((select(Action::ALL.to_vec()), any::<Index>(), any_facts()), 0..40),
    ) {
        let mut state = start;
        for (action, pick, facts) in steps {
            let outsiders: Vec<Party> = Party::ALL
                .into_iter()
                .filter(|&p| !permitted(state, action, p))
                .collect();
            // No row names all nine parties, so someone is always an outsider.
            prop_assert!(!outsiders.is_empty());
            let party = *pick.get(&outsiders);
            let result = transition(state, action, party, &facts);
            prop_assert!(result.is_err(), "{:?} {:?} {:?}", state, action, party);
            if let Ok(next) = result {
                state = next;
            }
        }
        prop_assert_eq!(state, start);
    }

    #[test]
    fn in_any_sequence_only_the_parties_the_table_names_move_a_participation(
        start in any_origin(),
        steps in prop::collection::vec(
            (select(Action::ALL.to_vec()), select(Party::ALL.to_vec()), any_facts()),
            0..60,
        ),
    ) {
        let mut state = start;
        for (action, party, facts) in steps {
            match transition(state, action, party, &facts) {
                Ok(next) => {
                    prop_assert!(permitted(state, action, party));
                    prop_assert_eq!(facts.campaign, CampaignStatus::Open);
                    state = next;
                }
                Err(Refusal::NotPermitted { .. }) => {
                    prop_assert!(!permitted(state, action, party));
                }
                Err(_) => {}
            }
        }
    }
}

#[test]
fn only_the_province_selects() {
    for party in Party::ALL {
        let result = transition(Some(S::Submitted), A::Select, party, &open());
        if party == PROVINCE {
            assert_eq!(result, Ok(Some(S::Selected)));
        } else {
            assert_eq!(
                result,
                Err(Refusal::NotPermitted {
                    action: A::Select,
                    party
                })
            );
        }
    }
    let refused = transition(Some(S::Submitted), A::Select, CITY, &open()).unwrap_err();
    assert_eq!(refused.message(Lang::Zh), "市州管理员无权“遴选”");
    assert_eq!(
        refused.message(Lang::En),
        "City administrator may not “Select”"
    );
}

#[test]
fn only_the_city_recommends_and_submits_its_list() {
    for party in Party::ALL {
        assert_eq!(
            transition(None, A::Recommend, party, &open()).is_ok(),
            party == CITY
        );
        assert_eq!(
            transition(Some(S::Recommended), A::SubmitList, party, &open()).is_ok(),
            party == CITY
        );
    }
}

#[test]
fn the_public_may_only_apply() {
    let actions: Vec<Action> = origins()
        .into_iter()
        .flat_map(|from| actions_for(from, Party::Public))
        .collect();
    assert_eq!(actions, [A::Apply]);
    assert_eq!(
        transition(None, A::Apply, Party::Public, &open()),
        Ok(Some(S::Applied))
    );
}

#[test]
fn administrators_and_experts_move_no_participation() {
    for role in [Role::SystemAdmin, Role::AuditAdmin, Role::Expert] {
        for from in origins() {
            assert_eq!(actions_for(from, Party::User(role)).count(), 0, "{role:?}");
        }
    }
}

#[test]
fn a_city_cannot_recommend_more_than_its_maximum() {
    let full = Facts {
        city_count: 5,
        ..open()
    };
    assert_eq!(
        transition(None, A::Recommend, CITY, &full),
        Err(Refusal::CityMaximumReached { max: 5 })
    );
    assert_eq!(
        transition(Some(S::Applied), A::Adopt, CITY, &full),
        Err(Refusal::CityMaximumReached { max: 5 })
    );
    let room = Facts {
        city_count: 4,
        ..open()
    };
    assert_eq!(
        transition(None, A::Recommend, CITY, &room),
        Ok(Some(S::Recommended))
    );
}

#[test]
fn a_city_submits_its_list_only_within_its_range() {
    for (count, ok) in [(2, false), (3, true), (5, true), (6, false)] {
        let facts = Facts {
            city_count: count,
            ..open()
        };
        let result = transition(Some(S::Recommended), A::SubmitList, CITY, &facts);
        assert_eq!(result.is_ok(), ok, "{count}");
    }
}

#[test]
fn an_ineligible_enterprise_is_recommended_only_with_a_justification() {
    for reason in [None, Some(""), Some(" \u{3000}")] {
        let facts = Facts {
            eligible: false,
            reason,
            ..open()
        };
        for (from, action) in [
            (None, A::Recommend),
            (Some(S::Applied), A::Adopt),
            (Some(S::Recommended), A::Edit),
        ] {
            assert_eq!(
                transition(from, action, CITY, &facts),
                Err(Refusal::JustificationMissing)
            );
        }
        // An eligible enterprise needs none.
        let eligible = Facts {
            eligible: true,
            ..facts
        };
        assert!(transition(None, A::Recommend, CITY, &eligible).is_ok());
    }
    let justified = Facts {
        eligible: false,
        reason: Some("本地优势产业龙头，营收差额已补报"),
        ..open()
    };
    assert!(transition(None, A::Recommend, CITY, &justified).is_ok());
}

#[test]
fn declining_returning_refusing_and_withdrawing_need_a_reason() {
    let silent = Facts {
        reason: Some("   "),
        ..open()
    };
    for (from, action, party) in [
        (S::Applied, A::Decline, CITY),
        (S::Submitted, A::Return, PROVINCE),
        (S::InAudit, A::Refuse, BODY),
        (S::Training, A::Withdraw, ENTERPRISE),
    ] {
        assert_eq!(
            transition(Some(from), action, party, &silent),
            Err(Refusal::ReasonMissing),
            "{action:?}"
        );
        assert!(transition(Some(from), action, party, &open()).is_ok());
    }
}

#[test]
fn a_selection_needs_consent_a_free_place_and_a_confirmed_body() {
    for from in [S::Submitted, S::Waitlisted] {
        let action = if from == S::Submitted {
            A::Select
        } else {
            A::Promote
        };
        for consent in [Consent::Pending, Consent::Declined] {
            let facts = Facts { consent, ..open() };
            assert_eq!(
                transition(Some(from), action, PROVINCE, &facts),
                Err(Refusal::ConsentNotConfirmed { consent })
            );
        }
        let full = Facts {
            selected_count: 50,
            ..open()
        };
        assert_eq!(
            transition(Some(from), action, PROVINCE, &full),
            Err(Refusal::QuotaFull { quota: 50 })
        );
        let unconfirmed = Facts {
            body_confirmed: false,
            ..open()
        };
        assert_eq!(
            transition(Some(from), action, PROVINCE, &unconfirmed),
            Err(Refusal::BodyNotConfirmed)
        );
    }
    // The waiting list needs consent but no place.
    let full = Facts {
        selected_count: 50,
        ..open()
    };
    assert_eq!(
        transition(Some(S::Submitted), A::Waitlist, PROVINCE, &full),
        Ok(Some(S::Waitlisted))
    );
    let pending = Facts {
        consent: Consent::Pending,
        ..open()
    };
    assert!(transition(Some(S::Submitted), A::Waitlist, PROVINCE, &pending).is_err());
}

#[test]
fn withdrawing_a_selected_participation_frees_its_place_for_the_waiting_list() {
    let quota = 3;
    let mut states = vec![S::Selected, S::Building, S::Certified, S::Waitlisted];
    let facts = |states: &[ParticipationState]| Facts {
        quota,
        selected_count: u32::try_from(states.iter().filter(|s| s.holds_quota_place()).count())
            .unwrap(),
        ..open()
    };
    assert_eq!(
        transition(Some(states[3]), A::Promote, PROVINCE, &facts(&states)),
        Err(Refusal::QuotaFull { quota })
    );
    states[1] = transition(Some(states[1]), A::Withdraw, ENTERPRISE, &facts(&states))
        .unwrap()
        .unwrap();
    assert_eq!(states[1], S::Withdrawn);
    states[3] = transition(Some(states[3]), A::Promote, PROVINCE, &facts(&states))
        .unwrap()
        .unwrap();
    assert_eq!(states[3], S::Selected);
    assert_eq!(facts(&states).selected_count, quota);
}

#[test]
fn a_withdrawn_draft_recommendation_ceases_to_exist_and_may_be_made_again() {
    assert_eq!(
        transition(
            Some(S::Recommended),
            A::WithdrawRecommendation,
            CITY,
            &open()
        ),
        Ok(None)
    );
    assert_eq!(
        transition(None, A::Recommend, CITY, &open()),
        Ok(Some(S::Recommended))
    );
    // Once submitted, the list is the province's to return.
    assert!(transition(Some(S::Submitted), A::WithdrawRecommendation, CITY, &open()).is_err());
    assert!(transition(Some(S::Submitted), A::Edit, CITY, &open()).is_err());
}

#[test]
fn the_lifecycle_the_campaign_issue_names_is_one_path() {
    let path = [
        (A::Recommend, CITY, S::Recommended),
        (A::SubmitList, CITY, S::Submitted),
        (A::Select, PROVINCE, S::Selected),
        (A::StartTraining, CITY, S::Training),
        (A::SubmitDiagnosis, SUPPORT, S::Diagnosed),
        (A::AgreePlan, ENTERPRISE, S::Building),
        (A::DeclareReady, BODY, S::InAudit),
        (A::Certify, BODY, S::Certified),
        (A::RecordSurveillance, BODY, S::Surveillance),
        (A::SubmitCase, ENTERPRISE, S::CaseSubmitted),
        (A::Complete, PROVINCE, S::Completed),
    ];
    let mut state = None;
    for (action, party, expected) in path {
        state = transition(state, action, party, &open()).unwrap();
        assert_eq!(state, Some(expected), "{action:?}");
    }
}

#[test]
fn an_enterprise_refused_certification_is_still_completed() {
    let refused = transition(Some(S::InAudit), A::Refuse, BODY, &open()).unwrap();
    assert_eq!(refused, Some(S::NotCertified));
    assert_eq!(
        transition(refused, A::Complete, PROVINCE, &open()),
        Ok(Some(S::Completed))
    );
    assert!(transition(refused, A::SubmitCase, ENTERPRISE, &open()).is_err());
}

#[test]
fn a_city_sees_the_actions_it_may_take_on_its_draft() {
    let actions: Vec<Action> = actions_for(Some(S::Recommended), CITY).collect();
    assert_eq!(actions, [A::Edit, A::WithdrawRecommendation, A::SubmitList]);
}

#[test]
fn the_city_list_and_the_quota_count_the_right_states() {
    let on_list: Vec<_> = ParticipationState::ALL
        .into_iter()
        .filter(|s| !s.counts_toward_city_list())
        .collect();
    assert_eq!(
        on_list,
        [S::Applied, S::Declined, S::Returned, S::Withdrawn]
    );
    for state in ParticipationState::ALL {
        // Every place holder is on its city's list; every selected state holds a place.
        if state.holds_quota_place() {
            assert!(state.counts_toward_city_list(), "{state:?}");
        }
    }
    let reached_by_selection: BTreeSet<_> = TRANSITIONS
        .iter()
        .filter(|r| r.from.is_some_and(|s| s.holds_quota_place()))
        .filter_map(|r| r.to)
        .collect();
    for state in reached_by_selection {
        assert!(
            state.holds_quota_place() || state == S::Withdrawn,
            "{state:?}"
        );
    }
}

fn assert_keys<T: Copy + PartialEq + std::fmt::Debug>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    from_key: impl Fn(&str) -> Option<T>,
) {
    let mut keys = HashSet::new();
    for &item in all {
        let k = key(item);
        assert!(keys.insert(k), "duplicate key {k}");
        assert!(
            k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{k} is not snake_case"
        );
        assert_eq!(from_key(k), Some(item));
    }
    assert_eq!(from_key(""), None);
}

fn assert_names<T: Copy + std::fmt::Debug>(all: &[T], name: impl Fn(T, Lang) -> &'static str) {
    for lang in [Lang::Zh, Lang::En] {
        let names: HashSet<&str> = all.iter().map(|&item| name(item, lang)).collect();
        assert_eq!(names.len(), all.len(), "names in {lang:?} are not distinct");
    }
    for &item in all {
        assert_ne!(name(item, Lang::Zh), name(item, Lang::En), "{item:?}");
    }
}

#[test]
fn states_actions_parties_and_consents_have_stable_keys_and_names() {
    assert_keys(
        &ParticipationState::ALL,
        ParticipationState::key,
        ParticipationState::from_key,
    );
    assert_keys(&Action::ALL, Action::key, Action::from_key);
    assert_keys(&Party::ALL, Party::key, Party::from_key);
    assert_keys(&Consent::ALL, Consent::key, Consent::from_key);
    assert_names(&ParticipationState::ALL, ParticipationState::name);
    assert_names(&Action::ALL, Action::name);
    assert_names(&Party::ALL, Party::name);
    assert_names(&Consent::ALL, Consent::name);
    assert_eq!(S::Selected.name(Lang::Zh), "已遴选");
    assert_eq!(A::Recommend.name(Lang::Zh), "推荐");
    assert_eq!(S::InAudit.key(), "in_audit");
    assert_eq!(A::Return.key(), "return");
    assert_eq!(Party::from(Role::City), CITY);
}

/// serde's `rename_all = "snake_case"` must agree with `key()`, so that the API and the
/// database speak the same word.
#[test]
fn the_serialised_form_is_the_key() {
    for state in ParticipationState::ALL {
        assert_eq!(serde_json::to_value(state).unwrap(), state.key());
    }
    for action in Action::ALL {
        assert_eq!(serde_json::to_value(action).unwrap(), action.key());
    }
    for consent in Consent::ALL {
        assert_eq!(serde_json::to_value(consent).unwrap(), consent.key());
    }
    for status in CampaignStatus::ALL {
        assert_eq!(serde_json::to_value(status).unwrap(), status.key());
    }
}

#[test]
fn every_refusal_explains_itself_in_both_languages() {
    let refusals = [
        Refusal::CampaignNotOpen,
        Refusal::CampaignClosed,
        Refusal::CampaignStatusChange {
            from: CampaignStatus::Closed,
            to: CampaignStatus::Open,
        },
        Refusal::NotFromThisState {
            from: None,
            action: A::Select,
        },
        Refusal::NotFromThisState {
            from: Some(S::Selected),
            action: A::Recommend,
        },
        Refusal::NotPermitted {
            action: A::Apply,
            party: CITY,
        },
        Refusal::CityMaximumReached { max: 5 },
        Refusal::ListOutOfRange {
            count: 2,
            range: DEFAULT_RANGE,
        },
        Refusal::JustificationMissing,
        Refusal::ReasonMissing,
        Refusal::ConsentNotConfirmed {
            consent: Consent::Pending,
        },
        Refusal::ConsentNotConfirmed {
            consent: Consent::Declined,
        },
        Refusal::QuotaFull { quota: 50 },
        Refusal::BodyNotConfirmed,
    ];
    let mut keys = BTreeSet::new();
    let mut zh_messages = HashSet::new();
    for refusal in refusals {
        let (zh, en) = (refusal.message(Lang::Zh), refusal.message(Lang::En));
        assert!(!zh.is_empty() && !en.is_empty());
        assert_ne!(zh, en);
        assert!(zh_messages.insert(zh));
        assert_eq!(refusal.to_string(), en);
        assert!(refusal.key().starts_with("workflow."));
        keys.insert(refusal.key());
    }
    assert_eq!(keys.len(), 12);
    assert_eq!(
        Refusal::NotFromThisState {
            from: Some(S::Selected),
            action: A::Recommend
        }
        .message(Lang::Zh),
        "当前状态为“已遴选”，不能“推荐”"
    );
}
