package dev.rollbackdrill.engine;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.Select;
import org.junit.platform.suite.api.Suite;

/**
 * The scenarios as a test suite, for Maven Surefire (which reports only tests under a class) and
 * IDEs: {@code ./mvnw -Pdrills test -Drollbackdrill.scenarios=scenarios/noop-undo.yaml}. Which
 * scenarios, where and how come from the engine's configuration parameters ({@link Constants}).
 * Not a unit test: the default build runs Jupiter only.
 */
@Suite
@IncludeEngines(Constants.ENGINE_ID)
@Select("uid:[engine:" + Constants.ENGINE_ID + "]")
public class ScenarioDrills {}
