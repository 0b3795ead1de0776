from twinning.learning.models import Module, Question, Step


def make_module(*, title="Working with eTwinning", published=True, steps=3, questions=2, position=0) -> Module:
    module = Module.objects.create(
        title=title, summary="A short module.", language="en", position=position, is_published=published
    )
    for number in range(1, steps + 1):
        Step.objects.create(module=module, position=number, title=f"Step {number}", body=f"<p>Text {number}</p>")
    for number in range(1, questions + 1):
        Question.objects.create(
            module=module,
            position=number,
            text=f"Question {number}?",
            choices=["Right", "Wrong", "Also wrong"],
            correct=0,
        )
    return module


def right_answers(module: Module) -> dict[int, int]:
    return {q.pk: q.correct for q in module.questions.all()}
