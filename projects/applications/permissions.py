"""Who may do what with an application. DESIGN.md: an application, its documents and messages
are for the project's team (read, write messages, upload), the partner organisations it is
shared with (read, partner notes) and staff (all). Internal notes: staff, and partners only for
notes marked for them. Each function guards a view, hides a button and filters lists and
exports alike."""

from labo.access import access_of
from labo.permissions import is_member, is_partner, is_staff_member
from projects.permissions import is_project_referent, is_project_team_member


def can_list_applications(user) -> bool:
    """Every member has a "my applications" page (empty unless they carry a project)."""
    return is_member(user)


def can_view_application_dashboard(user) -> bool:
    """Staff see every application's figures; a partner those of the applications shared
    with their organisation (the views pass `selectors.applications_exported_for`)."""
    return is_staff_member(user) or is_partner(user)


def _partner_organisation_ids(user) -> frozenset[int]:
    if not is_member(user):
        return frozenset()
    return access_of(user).partner_organisations


def is_application_team(user, application) -> bool:
    return is_project_team_member(user, application.project)


def is_application_partner(user, application) -> bool:
    organisations = _partner_organisation_ids(user)
    if not organisations:
        return False
    return application.shared_with.filter(pk__in=organisations).exists()


def is_application_reviewer(user, application) -> bool:
    """Assigned to review it (staff, a partner's person, or an outside jury member)."""
    if not is_member(user):
        return False
    # Asked by the page's audience, its reviews link and its permissions: read once.
    memo = application.__dict__.setdefault("_reviewer_of", {})
    if user.pk not in memo:
        memo[user.pk] = application.reviews.filter(reviewer=user).exists()
    return memo[user.pk]


def can_view_application(user, application) -> bool:
    return (
        is_staff_member(user)
        or is_application_team(user, application)
        or is_application_partner(user, application)
        or is_application_reviewer(user, application)
    )


def can_create_application(user, project) -> bool:
    return is_staff_member(user) or is_project_referent(user, project)


def can_move_application(user, application, stage) -> bool:
    """Staff move applications along the allowed transitions; the team may only withdraw."""
    if not application.is_open:
        return False
    if is_staff_member(user):
        return True
    return stage.is_withdrawn and is_application_team(user, application)


def can_post_application_message(user, application) -> bool:
    return is_staff_member(user) or is_application_team(user, application)


def can_upload_application_document(user, application) -> bool:
    return application.is_open and (is_staff_member(user) or is_application_team(user, application))


def can_review_application_document(user, document) -> bool:
    return is_staff_member(user)


def can_view_internal_notes(user, application) -> bool:
    return is_staff_member(user) or is_application_partner(user, application)


def can_write_internal_note(user, application) -> bool:
    return is_staff_member(user) or is_application_partner(user, application)


def can_manage_application(user, application=None) -> bool:
    """Sharing, referent, appointments, amounts: staff only."""
    return is_staff_member(user)


def can_export_applications(user) -> bool:
    """Staff export every application; a partner the ones shared with their organisation (the
    export reads `applications_visible_to`)."""
    return is_staff_member(user) or is_partner(user)


# Application forms (projects.applications.form_services) -------------------------------------


def can_view_form_answers(user, application) -> bool:
    """The answers as sent: everyone who reads the application."""
    return can_view_application(user, application)


def can_fill_application_form(user, application) -> bool:
    """The project's team writes the answers while the application is open; staff ask for a
    revision rather than change what the carriers wrote."""
    return application.is_open and is_application_team(user, application)


def can_request_form_revision(user, application) -> bool:
    return application.is_open and is_staff_member(user)


# Reviews (projects.applications.review_services) -----------------------------------------------


def can_assign_reviewers(user, application=None) -> bool:
    return is_staff_member(user)


def can_review(user, review) -> bool:
    """Only the reviewer writes their review, once, unless they declared a conflict."""
    return (
        review.reviewer_id == getattr(user, "pk", None)
        and not review.is_submitted
        and not review.has_conflict
    )


def can_read_reviews(user, application, own_review=None) -> bool:
    """Staff read every review; a reviewer the others' only once theirs is sent (and never
    after declaring a conflict); nobody else."""
    if is_staff_member(user):
        return True
    return own_review is not None and own_review.is_submitted and not own_review.has_conflict


def can_open_reviews_page(user, application) -> bool:
    return is_staff_member(user) or is_application_reviewer(user, application)


# Partners' opinions and the record of their visits -----------------------------------------------


def can_give_partner_opinion(user, application) -> bool:
    return application.is_open and is_application_partner(user, application)


def can_read_partner_opinions(user, application) -> bool:
    return is_staff_member(user) or is_application_partner(user, application)


def is_recorded_visitor(user, application) -> bool:
    """Whose visits to an application are recorded for staff: partners and jury members, not
    the CRESS team nor the project's own team."""
    return not is_staff_member(user) and not is_application_team(user, application)


def can_read_access_log(user, application) -> bool:
    return is_staff_member(user)


def can_record_decision(user, application) -> bool:
    return application.is_open and is_staff_member(user)


def is_reviewer_only(user) -> bool:
    """Someone who reads applications only as a reviewer (an outside jury member): neither
    staff, nor a project's team, nor a partner. Their list is titled for it."""
    if not is_member(user) or is_staff_member(user):
        return False
    access = access_of(user)
    if access.partner_organisations or access.project_roles:
        return False
    return user.application_reviews.exists()


# Meetings (projects.applications.meeting_services) ----------------------------------------------


def can_schedule_meetings(user, application=None) -> bool:
    """Staff fix, move and cancel meetings, choose who is invited and write the minutes."""
    return is_staff_member(user)


def can_see_meetings(user, application) -> bool:
    """The project's team, staff and the partners the application is shared with; a jury
    member reviews the file, not the process around it."""
    return (
        is_staff_member(user)
        or is_application_team(user, application)
        or is_application_partner(user, application)
    )


def can_read_minutes(user, meeting, application) -> bool:
    """Minutes are for staff; for the partners when every application of the meeting is
    shared with them; for the project's team only when staff share them. An agora's minutes
    may speak of every project it brought together."""
    if is_staff_member(user):
        return True
    if is_application_partner(user, application):
        organisations = _partner_organisation_ids(user)
        return not meeting.applications.exclude(shared_with__in=organisations).exists()
    return meeting.minutes_shared_with_team and is_application_team(user, application)
