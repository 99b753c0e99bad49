package id.born2control.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Words of the studio's teams page, in Bahasa Indonesia (the range's default language); the English
 * texts are in {@code messages/team_en.properties}. Templates use them as {@code {team:key}}.
 * Apart from {@link StaffMessages} because Quarkus generates unverifiable bytecode for one bundle
 * of several hundred messages.
 */
@MessageBundle(value = "team", locale = "id")
public interface TeamMessages {

  @Message("Tim")
  String teams_title();

  @Message("Tim dibuat.")
  String teams_done_created();

  @Message("Tim diganti namanya.")
  String teams_done_renamed();

  @Message("Peserta dipindahkan ke tim.")
  String teams_done_moved();

  @Message("Tim dibubarkan.")
  String teams_done_dissolved();

  @Message("Perubahan ditolak:")
  String teams_refused();

  @Message("dibubarkan")
  String teams_dissolved();

  @Message("Ganti nama")
  String teams_rename();

  @Message("Pindahkan ke sini")
  String teams_move();

  @Message("Bubarkan")
  String teams_dissolve();

  @Message("Tim baru")
  String teams_new();

  @Message("Buat tim")
  String teams_create();

  @Message("Nama baru untuk tim {name}")
  String teams_new_name(String name);

  @Message("Peserta yang dipindahkan ke tim {name}")
  String teams_move_into(String name);

  @Message("Bubarkan tim {name}? Poinnya tetap di papan skor.")
  String teams_confirm_dissolve(String name);

  /** Beside a trainee named in a flag-sharing incident of a team exercise or team lab. */
  @Message("tim {name}")
  String incident_team(String name);
}
