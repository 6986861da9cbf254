package dev.blueprint.components.jq;
import net.thisptr.jackson.jq.Scope;
final class DateFunctions { static void addTo(Scope s) {} }
