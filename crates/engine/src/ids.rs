//! Ids the engine makes: a prefix and a number (`pi17`, `pi17-4`).

/// `prefix` followed by `n` in decimal, written straight into a string of the right size
/// (`format!` goes through the formatting machinery and may grow the string twice).
pub(crate) fn numbered(prefix: &str, n: u64) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(prefix.len() + digits.len());
    id.push_str(prefix);
    id.push_str(digits);
    id
}

/// The id of something an instance owns (task, job): the instance id, `-`, its sequence number.
/// [`owner`] reads the instance back from it.
pub(crate) fn owned_by(instance: &str, n: u64) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(instance.len() + 1 + digits.len());
    id.push_str(instance);
    id.push('-');
    id.push_str(digits);
    id
}

/// The instance a task or job id made by [`owned_by`] belongs to (the part before its last
/// `-`; the sequence number has none), so a store can find it without an index.
pub(crate) fn owner(id: &str) -> Option<&str> {
    id.rsplit_once('-').map(|(instance, _)| instance)
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefix_and_decimal_number() {
        assert_eq!(super::numbered("pi", 0), "pi0");
        assert_eq!(super::numbered("pi7-", 12345), "pi7-12345");
        assert_eq!(super::numbered("", u64::MAX), u64::MAX.to_string());
        assert_eq!(super::owned_by("pi7", 3), "pi7-3");
        assert_eq!(super::owner(&super::owned_by("pi7", 3)), Some("pi7"));
        assert_eq!(super::owner(&super::owned_by("a-b", 12)), Some("a-b"));
        assert_eq!(super::owner("nodash"), None);
    }
}
