"""Where an application may go next: its programme's explicit transitions or, by default,
the next stage, the previous one and any outcome. Read by its page and its board (selectors,
views) and enforced when it is moved (services)."""

from projects.applications.models import Application, Stage


def allowed_stages(application: Application) -> list[Stage]:
    """Where the application may go from its current stage: the programme's explicit
    transitions, or by default the next stage, the previous one and any outcome."""
    programme = application.round.programme
    return allowed_stages_among(
        application, list(programme.stages.all()), explicit_transitions(programme)
    )


def explicit_transitions(programme) -> dict[int, list[Stage]]:
    transitions: dict[int, list[Stage]] = {}
    for transition in programme.transitions.select_related("to_stage"):
        transitions.setdefault(transition.from_stage_id, []).append(transition.to_stage)
    return transitions


def allowed_stages_among(
    application: Application, stages: list[Stage], transitions: dict[int, list[Stage]]
) -> list[Stage]:
    """allowed_stages with the programme's stages and transitions already loaded (the board
    asks for every card at once)."""
    current = next(stage for stage in stages if stage.pk == application.stage_id)
    if current.is_outcome:
        return []
    if transitions.get(current.pk):
        return transitions[current.pk]
    steps = [stage for stage in stages if not stage.is_outcome]
    index = steps.index(current)
    allowed = []
    if index > 0:
        allowed.append(steps[index - 1])
    if index + 1 < len(steps):
        allowed.append(steps[index + 1])
    allowed.extend(stage for stage in stages if stage.is_outcome)
    return allowed
