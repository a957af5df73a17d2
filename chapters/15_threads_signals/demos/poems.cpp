#include "poems.hpp"

#include "error.hpp"

#include <fstream>

namespace {

// Edgar Allan Poe, 1829.
constexpr std::string_view science = R"(Sonnet - To Science

Science! true daughter of Old Time thou art!
   Who alterest all things with thy peering eyes.
Why preyest thou thus upon the poet's heart,
   Vulture, whose wings are dull realities?
How should he love thee? or how deem thee wise,
   Who wouldst not leave him in his wandering
To seek for treasure in the jewelled skies,
   Albeit he soared with an undaunted wing?
Hast thou not dragged Diana from her car,
   And driven the Hamadryad from the wood
To seek a shelter in some happier star?
   Hast thou not torn the Naiad from her flood,
The Elfin from the green grass, and from me
   The summer dream beneath the tamarind tree?

    -- Edgar Allan Poe
)";

// John Donne, published 1633.
constexpr std::string_view ecstasy = R"(The Ecstasy

Where, like a pillow on a bed,
   A pregnant bank swell'd up, to rest
The violet's reclining head,
   Sat we two, one another's best.
Our hands were firmly cemented
   With a fast balm, which thence did spring;
Our eye-beams twisted, and did thread
   Our eyes upon one double string;
So to'intergraft our hands, as yet
   Was all the means to make us one,
And pictures in our eyes to get
   Was all our propagation.
As 'twixt two equal armies fate
   Suspends uncertain victory,
Our souls (which to advance their state
   Were gone out) hung 'twixt her and me.
And whilst our souls negotiate there,
   We like sepulchral statues lay;
All day, the same our postures were,
   And we said nothing, all the day.
If any, so by love refin'd
   That he soul's language understood,
And by good love were grown all mind,
   Within convenient distance stood,
He (though he knew not which soul spake,
   Because both meant, both spake the same)
Might thence a new concoction take
   And part far purer than he came.
This ecstasy doth unperplex,
   We said, and tell us what we love;
We see by this it was not sex,
   We see we saw not what did move;
But as all several souls contain
   Mixture of things, they know not what,
Love these mix'd souls doth mix again
   And makes both one, each this and that.
A single violet transplant,
   The strength, the colour, and the size,
(All which before was poor and scant)
   Redoubles still, and multiplies.
When love with one another so
   Interinanimates two souls,
That abler soul, which thence doth flow,
   Defects of loneliness controls.
We then, who are this new soul, know
   Of what we are compos'd and made,
For th' atomies of which we grow
   Are souls, whom no change can invade.
But oh alas, so long, so far,
   Our bodies why do we forbear?
They're ours, though they're not we; we are
   The intelligences, they the sphere.
We owe them thanks, because they thus
   Did us, to us, at first convey,
Yielded their senses' force to us,
   Nor are dross to us, but allay.
On man heaven's influence works not so,
   But that it first imprints the air;
So soul into the soul may flow,
   Though it to body first repair.
As our blood labours to beget
   Spirits, as like souls as it can,
Because such fingers need to knit
   That subtle knot which makes us man,
So must pure lovers' souls descend
   T' affections, and to faculties,
Which sense may reach and apprehend,
   Else a great prince in prison lies.
To'our bodies turn we then, that so
   Weak men on love reveal'd may look;
Love's mysteries in souls do grow,
   But yet the body is his book.
And if some lover, such as we,
   Have heard this dialogue of one,
Let him still mark us, he shall see
   Small change, when we're to bodies gone.

    -- John Donne
)";

// John Keats, 1816.
constexpr std::string_view chapman = R"(On First Looking into Chapman's Homer

Much have I travell'd in the realms of gold,
And many goodly states and kingdoms seen;
Round many western islands have I been
Which bards in fealty to Apollo hold.
Oft of one wide expanse had I been told
That deep-brow'd Homer ruled as his demesne;
Yet did I never breathe its pure serene
Till I heard Chapman speak out loud and bold:
Then felt I like some watcher of the skies
When a new planet swims into his ken;
Or like stout Cortez when with eagle eyes
He star'd at the Pacific -- and all his men
Look'd at each other with a wild surmise --
Silent, upon a peak in Darien.

    -- John Keats
)";

// William Shakespeare, Sonnet 18, 1609.
constexpr std::string_view summer = R"(Sonnet 18

Shall I compare thee to a summer's day?
Thou art more lovely and more temperate:
Rough winds do shake the darling buds of May,
And summer's lease hath all too short a date;
Sometime too hot the eye of heaven shines,
And often is his gold complexion dimm'd;
And every fair from fair sometime declines,
By chance or nature's changing course untrimm'd;
But thy eternal summer shall not fade,
Nor lose possession of that fair thou ow'st;
Nor shall death brag thou wander'st in his shade,
When in eternal lines to time thou grow'st:
   So long as men can breathe or eyes can see,
   So long lives this, and this gives life to thee.

    -- William Shakespeare
)";

// A file given as POEM is read whole into memory, so it is capped.
constexpr std::streamsize maxFileSize = 1024 * 1024;

} // namespace

const std::vector<Poem>& poems()
{
    static const std::vector<Poem> all{
        {"science", "Sonnet - To Science", "Edgar Allan Poe", science},
        {"ecstasy", "The Ecstasy", "John Donne", ecstasy},
        {"chapman", "On First Looking into Chapman's Homer", "John Keats",
         chapman},
        {"summer", "Sonnet 18", "William Shakespeare", summer},
    };
    return all;
}

std::optional<Poem> findPoem(std::string_view name)
{
    for (const Poem& poem : poems()) {
        if (poem.name == name) {
            return poem;
        }
    }
    return std::nullopt;
}

std::string poemNames()
{
    std::string names;
    const std::vector<Poem>& all = poems();
    for (std::size_t i = 0; i < all.size(); ++i) {
        names += i == 0 ? "" : i + 1 == all.size() ? " or " : ", ";
        names += all[i].name;
    }
    return names;
}

std::string loadPoem(std::string_view nameOrPath)
{
    if (const std::optional<Poem> poem = findPoem(nameOrPath)) {
        return std::string{poem->text};
    }
    const std::string path{nameOrPath};
    std::ifstream file{path, std::ios::binary};
    if (path.empty() || !file) {
        throw common::UsageError{"no poem '" + path + "': use " + poemNames() +
                                 ", or a file"};
    }
    std::string text;
    text.resize(static_cast<std::size_t>(maxFileSize) + 1);
    file.read(text.data(), maxFileSize + 1);
    text.resize(static_cast<std::size_t>(file.gcount()));
    if (file.bad()) {
        throw common::UsageError{"cannot read the poem in '" + path + "'"};
    }
    if (text.size() > static_cast<std::size_t>(maxFileSize)) {
        throw common::UsageError{"the poem in '" + path +
                                 "' is longer than 1 MiB"};
    }
    if (text.empty()) {
        throw common::UsageError{"the poem in '" + path + "' is empty"};
    }
    return text;
}
