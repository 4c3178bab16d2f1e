DROP FUNCTION relist_every_caption_word();
