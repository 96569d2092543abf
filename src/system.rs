//! System management records as the browser sees them (系统管理): what the admin screens list
//! and send. Times are already formatted on the server, so both renders agree.

use serde::{Deserialize, Serialize};

/// One user of the admin list, with what the edit form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEntry {
    /// Login name.
    pub username: String,
    /// Display name.
    pub nick_name: String,
    /// Administrator role.
    pub is_admin: bool,
    /// Disabled accounts cannot sign in.
    pub enabled: bool,
    /// Department.
    pub dept_id: Option<i64>,
    /// Department name.
    pub dept_name: Option<String>,
    /// Keys of the user's groups.
    pub groups: Vec<String>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub created: String,
}

/// A department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptEntry {
    /// Identifier.
    pub dept_id: i64,
    /// Name.
    pub name: String,
    /// Parent; `None` at the top.
    pub parent_id: Option<i64>,
    /// Leader's username.
    pub leader: Option<String>,
    /// Leader's display name.
    pub leader_name: Option<String>,
}

/// A user group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupEntry {
    /// Identifier.
    pub group_id: i64,
    /// Key named by BPMN `candidateGroups`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Usernames of the members.
    pub members: Vec<String>,
}

/// A user as a choice in a form (leader, member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserChoice {
    /// Login name.
    pub username: String,
    /// Display name.
    pub nick_name: String,
}

/// What the user form offers to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// All departments.
    pub depts: Vec<DeptEntry>,
    /// All groups.
    pub groups: Vec<GroupEntry>,
    /// All users (as choices).
    pub users: Vec<UserChoice>,
}

/// A registered application or service (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientEntry {
    /// `appID` or `serverID`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub created: String,
}

/// A fresh registration: the only time the secret leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// `appID` or `serverID`.
    pub id: String,
    /// The secret in clear text.
    pub secret: String,
}

/// A process category (工单分类).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryEntry {
    /// Identifier.
    pub category_id: i64,
    /// Name.
    pub name: String,
    /// Code that BPMN definitions are filed under.
    pub code: String,
}

/// A node of the composite category tree (综合分类).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynthesisEntry {
    /// Identifier.
    pub synthesis_id: i64,
    /// Parent; `None` at the top.
    pub parent_id: Option<i64>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
}

/// Orders a parent-linked list depth-first (parents before their children) and pairs every
/// row with its depth, so a plain table can show the tree by indentation.
pub fn tree_order<T: Clone>(
    rows: &[T],
    id: impl Fn(&T) -> i64,
    parent: impl Fn(&T) -> Option<i64>,
) -> Vec<(usize, T)> {
    let known: std::collections::HashSet<i64> = rows.iter().map(&id).collect();
    let mut out = Vec::with_capacity(rows.len());
    // Rows whose parent is not in the list (top level, or beyond the loaded page) are roots.
    let mut stack: Vec<(usize, &T)> = rows
        .iter()
        .filter(|&r| parent(r).is_none_or(|p| !known.contains(&p)))
        .rev()
        .map(|r| (0, r))
        .collect();
    while let Some((depth, row)) = stack.pop() {
        out.push((depth, row.clone()));
        let me = id(row);
        stack.extend(
            rows.iter()
                .filter(|&r| parent(r) == Some(me))
                .rev()
                .map(|r| (depth + 1, r)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tree_order;

    #[test]
    fn children_follow_their_parent() {
        let rows = vec![
            (1, None),
            (2, Some(1)),
            (3, None),
            (4, Some(2)),
            (5, Some(1)),
        ];
        let order: Vec<(usize, i64)> = tree_order(&rows, |r| r.0, |r| r.1)
            .into_iter()
            .map(|(d, r)| (d, r.0))
            .collect();
        assert_eq!(order, vec![(0, 1), (1, 2), (2, 4), (1, 5), (0, 3)]);
    }
}
