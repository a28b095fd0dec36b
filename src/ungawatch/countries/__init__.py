"""UN member states, observers and sponsoring groups, and the one door for their names.

`resolve("TÃ¼rkiye").code == "TUR"`; `resolve_group("the Group of 77")` is the G77.
An unknown or ambiguous name raises `UnknownState` with the closest known names.
"""

from ungawatch.countries.memberships import (
    GroupMembership,
    group_members,
    group_source,
    groups_with_members,
    membership_on,
    memberships,
)
from ungawatch.countries.registry import (
    Group,
    State,
    all_groups,
    all_states,
    describe,
    is_known_name,
    iso_numeric,
    members_in_session,
    members_on,
    normalize_name,
    resolve,
    resolve_group,
    state,
)

__all__ = [
    "Group",
    "GroupMembership",
    "State",
    "all_groups",
    "all_states",
    "describe",
    "group_members",
    "group_source",
    "groups_with_members",
    "is_known_name",
    "iso_numeric",
    "members_in_session",
    "members_on",
    "membership_on",
    "memberships",
    "normalize_name",
    "resolve",
    "resolve_group",
    "state",
]
