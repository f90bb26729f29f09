"""Run Rasa's command line (``rasa run ...``) with measured trims to Rasa 3.6.

**The action-response check, compiled once.**

Profiling the benchmark (``make bench --profile-seconds``, README "Performance") showed
Rasa 3.6 spending about a fifth of its CPU in ``jsonschema``: after every custom action,
``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which re-checks
the (constant) response schema against its meta-schema and builds a new validator each
time. Here the validator is built once; every response is still validated against the
same schema, and an invalid one raises the same ``ValidationError`` with Rasa's message.

**No NLU for a button payload.** Rasa 3.6 runs the whole NLU graph (spaCy, featurisers,
DIET) on ``/intent{"entity": "value"}`` payloads and only then lets its
``RegexMessageHandler`` replace the prediction with the payload's. Here a payload that
names an intent of the domain is unpacked directly, by the same function that handler
calls; anything else (an unknown intent, text after the payload) goes through the graph
as before. ``tests/production/test_rasa_server.py`` checks both give the same parse.

**Event classes looked up once.** Rebuilding a tracker from its stored events (on every
message) resolves each event's class by walking all subclasses of ``Event``: about 60 us
an event, 6 ms of the 10 ms it took to rebuild a 100-event tracker here. The class found
for a type name is remembered; unknown names still go to Rasa's own lookup.

**Resident memory** (issue #8; measured loading ``models/baton.tar.gz`` and parsing, and
under ``python -m bench``, where Rasa's peak went from 1090 to 866 MiB):

- *No JAX.* TensorFlow 2.12 imports JAX (a dependency of its wheel) for the TFLite
  converter alone; marking it absent saves 71 MiB. Rasa never converts to TFLite.
- *One spaCy model.* The predict graph has two SpacyNLP nodes (``provide_...``, whose
  model every component uses, and ``run_...``, which ignores its own) and Rasa loads
  the model for each: 33 MiB for the copy nobody reads.
- *DIET built without a traced training graph.* ``RasaModel.load`` runs one training
  step (``fit`` on one example) to create the weights and optimizer slots before it
  restores them from the checkpoint. Traced as a TensorFlow graph, with gradients, that
  step left 112 MiB behind; run eagerly it creates the same variables, which the
  checkpoint then overwrites, so the loaded model is the same. Prediction is traced as
  before. Loading also takes half the CPU (5 s instead of 10 s here).

Each parse of the 668 NLU examples (intent ranking and confidences) is identical with
and without these (``tests/production/test_rasa_server.py`` checks a sample).

**A failed action ends the turn.** When an action raises (the action server down, or a
custom action failing), Rasa 3.6 logs "Bot will continue, but the actions events are
lost" and predicts the next action as if it had succeeded: a rule that follows the
failed action can then answer with a form's question or "I didn't understand", a wrong
reply the gateway cannot tell from a right one (it detects a failure as an empty reply,
``docs/safety/failures.md``). Here the turn ends at the failed action instead: it is
logged as Rasa logs it, followed by ``action_listen``, as at the end of any turn, and
nothing more is predicted. An action that rejects (``ActionExecutionRejection``, so that
another policy predicts) is not a failure and goes on as before. The test compares the
turns with and without this: the action server down, one action raising, a form
rejecting, and turns that succeed.

**The predict graph run in order.** Each parse and each prediction went through
``DaskGraphRunner.run``: the minimal schema and a dask graph rebuilt, then dask's local
scheduler (about 5% of Rasa's busy time in a profile, besides the nodes' own work). The
order of the nodes each set of targets needs is now computed once and the nodes are
called in turn, with the same inputs dask gives them; a whole conversation's events are
identical (the test). Five alternated pairs of ``python -m bench --levels 20
--no-baseline`` (2026-12-01, 02:10-02:20): Rasa's CPU for 400 messages lower in four,
median 0.8 s (about 2 ms a message); throughput moved within the shared machine's noise.

Runs in the Rasa environment (Python 3.10, ``.venv-rasa``) and imports only Rasa:
``.venv-rasa/bin/python -m bot.rasa_server run --model ...`` (``bot.stack`` does this).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

logger = logging.getLogger(__name__)


def compile_action_response_check() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def skip_nlu_for_payloads() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.constants import INTENT_MESSAGE_PREFIX
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    parse_with_graph = MessageProcessor._parse_message_with_graph

    def parse(
        self: Any, message: Any, tracker: Any, only_output_properties: bool = True
    ) -> dict[str, Any]:
        text = message.text or ""
        if only_output_properties and text.startswith(INTENT_MESSAGE_PREFIX):
            unpacked = YAMLStoryReader.unpack_regex_message(
                Message(data={TEXT: text}), self.domain, entity_extractor_name="RegexMessageHandler"
            )
            if unpacked.get(INTENT):
                return dict(unpacked.as_dict(only_output_properties=True))
        return dict(parse_with_graph(self, message, tracker, only_output_properties))

    MessageProcessor._parse_message_with_graph = parse  # type: ignore[method-assign]


def cache_event_types() -> None:
    from rasa.shared.core.events import Event

    resolve = Event.resolve_by_type
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        cls = found.get(type_name)
        if cls is None:
            cls = resolve(type_name, default)
            if cls is not None and cls.type_name == type_name:
                found[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign, assignment]


def keep_out_jax() -> None:
    """Stop TensorFlow importing JAX, which only its TFLite converter would use."""
    sys.modules.setdefault("jax", None)  # type: ignore[arg-type]


def load_spacy_once() -> None:
    """One spaCy model for the graph's two SpacyNLP nodes (Rasa loads it for each)."""
    from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

    load = SpacyNLP.load_model
    loaded: dict[str, SpacyModel] = {}

    def load_model(spacy_model_name: str) -> SpacyModel:
        if spacy_model_name not in loaded:
            loaded[spacy_model_name] = load(spacy_model_name)
        return loaded[spacy_model_name]

    SpacyNLP.load_model = staticmethod(load_model)  # type: ignore[method-assign, assignment]


def build_models_eagerly() -> None:
    """Rasa 3.6's ``RasaModel.load`` with its one building training step run eagerly."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.models import RasaModel

    def load(
        cls: type[RasaModel],
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Any = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        model = cls(*args, **kwargs)
        learning_rate = kwargs.get("config", {}).get(LEARNING_RATE, 0.001)
        run_eagerly = kwargs.get("config", {}).get(RUN_EAGERLY)
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        model.run_eagerly = run_eagerly
        model.train_function = None
        model.load_weights(model_file_name)
        if not finetune_mode and predict_data_example:
            model.run_inference(predict_data_example)
        return model

    RasaModel.load = classmethod(load)  # type: ignore[method-assign, assignment]


def end_the_turn_after_a_failed_action() -> None:
    """Listen after an action whose exception Rasa swallows, instead of predicting on.

    A failure is an exception escaping the action's ``run`` into the catch-all of
    ``MessageProcessor._run_action``: a custom action's, or a form's whose validation or
    question runs on the action server. It is noted around that one call rather than in
    ``RemoteAction.run``, because a custom action failing inside Rasa's own slot
    extraction is handled there (a warning, no slots) and must not end the turn.
    ``action_listen`` goes through ``_run_action`` as a predicted one does, so the next
    message is predicted from a tracker shaped like any other turn's end.
    """
    from rasa.core.actions.action import ActionExecutionRejection, ActionListen
    from rasa.core.policies.policy import PolicyPrediction
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME

    run_action = MessageProcessor._run_action

    async def _run_action(
        self: Any, action: Any, tracker: Any, output_channel: Any, nlg: Any, prediction: Any
    ) -> bool:
        failed = False
        run = action.run

        async def run_noting_a_failure(*args: Any, **kwargs: Any) -> Any:
            nonlocal failed
            try:
                return await run(*args, **kwargs)
            except ActionExecutionRejection:
                raise
            except Exception:
                failed = True
                raise

        # The action is made for this one prediction (``action_for_name_or_text``).
        action.run = run_noting_a_failure
        try:
            predict_another = await run_action(
                self, action, tracker, output_channel, nlg, prediction
            )
        finally:
            del action.run
        if not failed:
            return bool(predict_another)
        logger.warning("action %s failed: the turn ends here", action.name())
        listen = PolicyPrediction.for_action_name(self.domain, ACTION_LISTEN_NAME)
        return bool(await run_action(self, ActionListen(), tracker, output_channel, nlg, listen))

    MessageProcessor._run_action = _run_action  # type: ignore[method-assign]


def run_the_graph_in_order() -> None:
    """Run the predict graph's nodes one after another, in an order computed once.

    ``DaskGraphRunner.run`` rebuilds the minimal schema and a dask graph on every parse and
    every prediction, then hands it to dask's local scheduler, all for a chain of a dozen
    nodes. Here the order of the nodes each set of targets needs is computed once, and
    each node is called with its parents' outputs as dask would pass them: a
    ``(name, value)`` pair, or the bare name of a need nobody provides.
    """
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def order_for(self: Any, targets: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
        orders: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]]
        orders = self.__dict__.setdefault("_baton_orders", {})
        if targets not in orders:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            order: list[tuple[str, tuple[str, ...]]] = []
            placed: set[str] = set()

            def place(name: str) -> None:
                if name in placed or name not in schema.nodes:
                    return
                placed.add(name)
                needs = tuple(schema.nodes[name].needs.values())
                for need in needs:
                    place(need)
                order.append((name, needs))

            for target in targets:
                place(target)
            orders[targets] = order
        return orders[targets]

    def run(
        self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        order = order_for(self, run_targets)
        results: dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none "
                    f"of the input names passed to the `run` method are the same as node "
                    f"names in the graph schema."
                )
            results[name] = (name, value)
        try:
            for name, needs in order:
                if name not in results:
                    node = self._instantiated_nodes[name]
                    results[name] = node(*(results.get(need, need) for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)

    DaskGraphRunner.run = run  # type: ignore[method-assign]


def main() -> None:
    keep_out_jax()  # first: before anything imports TensorFlow
    load_spacy_once()
    build_models_eagerly()
    compile_action_response_check()
    skip_nlu_for_payloads()
    cache_event_types()
    end_the_turn_after_a_failed_action()
    run_the_graph_in_order()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
