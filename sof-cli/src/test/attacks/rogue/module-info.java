/** A hostile user-mode plugin for the attack suite: built at test time, never shipped. */
module evil.rogue {
    requires org.sofj.api;
    provides org.sofj.api.spi.ModuleProvider with evil.rogue.RogueProvider;
}
