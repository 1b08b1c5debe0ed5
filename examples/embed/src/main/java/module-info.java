/**
 * An application embedding sofj. On the module path it needs the runtime (with its topology API)
 * and the library keys; the memory system and the schedulers are found with ServiceLoader. On the
 * class path this file is ignored and the same code runs.
 */
module com.example.embed {
    requires org.sofj.runtime;
    requires org.sofj.llext;
}
