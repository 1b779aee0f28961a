/**
 * The compound splitter's dictionary: simple German (and a few English) words a beauty catalogue
 * builds compounds from. Written as shoppers spell them; folded when loaded. A word listed here
 * is never split itself, which is how look-alikes are protected (`spiegel` is not `spie`+`gel`,
 * `sunset` not `sun`+`set`). Keep entries simple: no compounds of other entries.
 */
const entries = `
  gesicht haut haar haare kopf auge augen lid lider wimper wimpern braue brauen
  lippe lippen mund zahn zähne nagel nägel finger hand hände fuß füße bein beine arm arme achsel
  körper brust dekolleté hals nacken rücken bauch wange wangen stirn nase kinn ohr ohren bart
  zehen ferse schulter teint poren baby kind kinder damen herren frau frauen männer intim

  creme cremes lotion milch gel öl serum maske masken tonic toner tonikum wasser spray schaum
  seife shampoo spülung kur balsam butter peeling puder pulver stift lack tusche schatten liner
  rouge farbe farben tönung fluid essenz ampulle ampullen konzentrat pflege reinigung reiniger
  entferner entfernung kajal glanz primer fixierer concealer foundation highlighter bronzer
  mascara parfum parfüm duft düfte deo deodorant roller nebel tuch tücher pads pinsel bürste
  kamm schwamm feile schere zange set box etui tasche dose tiegel tube flasche flakon spender
  pumpe nachfüller probe mini reise geschenk geschenke kalender bad dusche salz zucker perlen
  kugel bombe kerze wachs paste pomade kleber pasta seide rasur klinge klingen rasierer hobel
  streifen enthaarung trimmer föhn eisen stab locke locken welle wellen volumen styling färbung
  stick palette applikator pflaster patch patches kapseln tropfen tinktur salbe emulsion elixier
  mousse gelee sorbet stäbchen watte tinte festiger härter spitzen klammer spange band reif
  kosmetik makeup wellness massage aroma therapie tattoo fixing booster kit quaste spatel
  strich trockner größe horn heil typ typen bild faktor gummi

  wasch rasier schmink abschmink fixier trocken schlaf bräuner bräunung bräune selbst
  feuchtigkeit anti aging falten falte straffung aufbau repair regeneration schutz sonne sonnen
  licht tag nacht abend morgen intensiv sensitiv sensitive mild sanft frische frisch glow matt
  perfekt klar rein pur natur bio vegan reife fettig normal empfindlich unrein pickel akne
  pigment flecken ringe ring kalt warm kühl wärme kälte hitze sommer winter lang zeit fest stark
  extra super ultra tiefen lift lifting kontur hydro aqua detox energie vital glätte glatt
  unter über schuppen ansatz

  hyaluron säure vitamin vitamine kollagen collagen retinol peptid peptide ceramid ceramide
  niacinamid urea zink aloe vera argan kokos mandel jojoba shea karité kakao rose rosen lavendel
  kamille ringel blume blumen blüte blüten kraut kräuter minze pfeffer zitrone zitrus orange
  grapefruit apfel pfirsich kirsche kirsch erdbeere beere beeren himbeere vanille honig joghurt
  gurke avocado olive oliven teebaum tee matcha kaffee koffein bambus perle gold silber diamant
  kaviar schnecke schnecken alge algen meer meeres mineral mineralien thermal quelle erde ton
  lehm kohle aktiv vulkan hanf arnika calendula salbei rosmarin thymian eukalyptus menthol
  kampfer sandel holz zeder moschus amber oud patschuli jasmin lilie veilchen magnolie orchidee
  lotus granat kiwi mango papaya ananas banane melone nuss hasel macadamia sesam weizen hafer
  reis soja karotte ingwer zimt schokolade karamell sahne molke panthenol glycerin squalan
  bakuchiol propolis rizinus traube trauben wein hopfen birke brennnessel ginseng kurkuma
  safran seerose baumwolle

  rot rosa pink blau grün gelb lila violett braun schwarz weiß grau beige nude bronze kupfer
  koralle bordeaux hell dunkel mittel transparent farblos glitzer glitter schimmer metallic
  pastell neon champagner nougat taupe khaki türkis mint flieder pflaume aubergine

  advent weihnacht weihnachten oster mutter valentin

  lip lips eye eyes shadow brow brows lash lashes gloss balm cream oil wash
  face body foot feet hair nail nails polish skin care sun screen block mask scrub mist
  water tooth brush shave after shower bath bomb salt foam soap tint stain pencil crayon
  setting powder blush milk wax strip pad remover cleanser base top coat color
  colour cheek beauty sponge gift travel night tone shine

  spiegel sunset sunday sunny sunshine tuberose marigold alkohol schwarzkopf packaging
`

export const lexicon: readonly string[] = entries.split(/\s+/).filter((entry) => entry !== '')
